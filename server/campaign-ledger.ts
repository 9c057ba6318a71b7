// What the relay did with each campaign message, durably: the ledger, not the shared document,
// decides that a (workspace, campaign, person) is sent at most once. One append-only file of
// JSON lines per workspace, DATA_DIR/campaigns/<workspaceId>.ledger; each entry is on disk
// (fdatasync) before its promise resolves, and entries waiting together share one write.
//
// Before a message goes to SMTP its 'sending' entry is durable; after, 'sent' (or 'retry' when the
// server certainly did not take it, or 'failed'). On reading, a 'sending' with nothing after it
// is 'unknown': the relay died between handing the message over and writing the answer, and the
// message is not sent again.
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { FinishedOutboxes } from './campaign-finished.ts';

/** 'unknown': SMTP failed in a way that may have come after it took the message. */
export type LedgerState = 'sending' | 'sent' | 'retry' | 'failed' | 'unknown';
/** What a message is now: as written; a 'sending' the relay did not finish reads as 'unknown'. */
export type MessageState = LedgerState;

export interface LedgerEntry {
	/** Campaign and person. */
	c: string;
	p: string;
	s: LedgerState;
	/** When (ms) and which attempt (from 1). */
	at: number;
	n: number;
	/** Why it failed or is retried. */
	r?: string;
}

export interface MessageRecord {
	state: MessageState;
	/** When the last entry was written: for 'sent', when SMTP took the message. */
	at: number;
	attempts: number;
	reason?: string;
}

interface WorkspaceLedger {
	file: string;
	handle: FileHandle;
	entries: Map<string, MessageRecord>;
	queue: Array<{ line: string; resolve: () => void; reject: (error: Error) => void }>;
	writing: Promise<void> | null;
}

const key = (campaignId: string, personId: string) => `${campaignId}\n${personId}`;

export class CampaignLedger {
	private readonly dir: string;
	private readonly open = new Map<string, Promise<WorkspaceLedger>>();
	/** The campaigns done with, beside the ledgers: a start reads only the others. */
	readonly finished: FinishedOutboxes;

	constructor(dataDir: string) {
		this.dir = path.join(dataDir, 'campaigns');
		this.finished = new FinishedOutboxes(this.dir);
	}

	/** The message's record, or undefined when the relay never tried it. */
	async get(
		workspaceId: string,
		campaignId: string,
		personId: string
	): Promise<MessageRecord | undefined> {
		return (await this.ledger(workspaceId)).entries.get(key(campaignId, personId));
	}

	/** Every message of a campaign the relay tried, by person. */
	async campaign(workspaceId: string, campaignId: string): Promise<Map<string, MessageRecord>> {
		const out = new Map<string, MessageRecord>();
		const prefix = `${campaignId}\n`;
		for (const [k, record] of (await this.ledger(workspaceId)).entries) {
			if (k.startsWith(prefix)) out.set(k.slice(prefix.length), record);
		}
		return out;
	}

	/** Appends an entry; resolves once it is on disk. */
	async record(workspaceId: string, entry: LedgerEntry): Promise<void> {
		const ledger = await this.ledger(workspaceId);
		const line = JSON.stringify(entry) + '\n';
		const written = new Promise<void>((resolve, reject) =>
			ledger.queue.push({ line, resolve, reject })
		);
		if (!ledger.writing) ledger.writing = this.drain(ledger);
		await written;
		// Only once durable: a reader never sees what a crash could take back.
		apply(ledger.entries, entry);
	}

	async close(): Promise<void> {
		const ledgers = await Promise.allSettled(this.open.values());
		this.open.clear();
		for (const result of ledgers) {
			if (result.status !== 'fulfilled') continue;
			await result.value.writing;
			await result.value.handle.close();
		}
	}

	private ledger(workspaceId: string): Promise<WorkspaceLedger> {
		let ledger = this.open.get(workspaceId);
		if (!ledger) {
			ledger = this.load(workspaceId);
			this.open.set(workspaceId, ledger);
			ledger.catch(() => this.open.delete(workspaceId));
		}
		return ledger;
	}

	private async load(workspaceId: string): Promise<WorkspaceLedger> {
		await fsp.mkdir(this.dir, { recursive: true, mode: 0o700 });
		const file = path.join(this.dir, `${workspaceId}.ledger`);
		const handle = await fsp.open(file, 'a+', 0o600);
		const text = (await handle.readFile()).toString('utf8');
		// A crash may have torn the last line: cut it off, so the next entry starts a line.
		const intact = text.lastIndexOf('\n') + 1;
		if (intact < text.length) {
			await handle.truncate(Buffer.byteLength(text.slice(0, intact)));
			await handle.datasync();
		}
		const parsed = text
			.slice(0, intact)
			.split('\n')
			.map((line) => (line ? parseEntry(line) : null))
			.filter((entry) => entry !== null);
		const entries = openingRecords(parsed);
		return { file, handle, entries, queue: [], writing: null };
	}

	/** Writes what is queued, one write and one fdatasync per batch, until the queue is empty. */
	private async drain(ledger: WorkspaceLedger): Promise<void> {
		while (ledger.queue.length > 0) {
			const batch = ledger.queue.splice(0);
			try {
				await ledger.handle.appendFile(batch.map((item) => item.line).join(''));
				await ledger.handle.datasync();
				for (const item of batch) item.resolve();
			} catch (error) {
				for (const item of batch) item.reject(error as Error);
			}
		}
		ledger.writing = null;
	}
}

const FINAL = new Set<MessageState>(['sent', 'failed', 'unknown']);

/** Whether the message is done with: never to be sent (again). */
export const isFinal = (state: MessageState) => FINAL.has(state);

/**
 * The records a ledger's entries (oldest first) make, as a process that has just opened it sees
 * them: a 'sending' with nothing after it was cut off by a crash, so it is 'unknown'.
 */
export function openingRecords(entries: LedgerEntry[]): Map<string, MessageRecord> {
	const records = new Map<string, MessageRecord>();
	for (const entry of entries) apply(records, entry);
	for (const record of records.values()) if (record.state === 'sending') record.state = 'unknown';
	return records;
}

/** Adds an entry to the records, by key `<campaignId>\n<personId>`. */
export function applyEntry(entries: Map<string, MessageRecord>, entry: LedgerEntry): void {
	apply(entries, entry);
}

function apply(entries: Map<string, MessageRecord>, entry: LedgerEntry): void {
	const k = key(entry.c, entry.p);
	const before = entries.get(k);
	// A message once sent, failed or unknown stays so: a late or repeated entry changes nothing.
	if (before && FINAL.has(before.state)) return;
	entries.set(k, {
		state: entry.s,
		at: entry.at,
		attempts: Math.max(entry.n, before?.attempts ?? 0),
		...(entry.r ? { reason: entry.r } : {})
	});
}

const STATES = new Set<LedgerState>(['sending', 'sent', 'retry', 'failed', 'unknown']);

function parseEntry(line: string): LedgerEntry | null {
	try {
		const value = JSON.parse(line) as Partial<LedgerEntry>;
		if (
			typeof value.c === 'string' &&
			typeof value.p === 'string' &&
			STATES.has(value.s as LedgerState) &&
			typeof value.at === 'number' &&
			typeof value.n === 'number'
		) {
			return value as LedgerEntry;
		}
	} catch {
		// a line that is not an entry is skipped
	}
	return null;
}
