/**
 * Logs dropped e-mail files (.eml, Outlook .msg) as email interactions: who it was with (people
 * matched by any of their addresses), when and in which zone, subject, text and attachments.
 *
 * A message's interaction id comes from its Message-ID (email-key.ts), in the month it was
 * sent: the same message dropped twice, or on two devices offline at once, is one record —
 * the second drop finds it, and two offline copies are the same key and merge.
 */
import { interaction, type PersonRow } from '$lib/domain/record-types';
import type { InteractionFields } from '$lib/domain/record-types/interaction';
import { emailDirection } from '$lib/domain/email/email-direction';
import { emailKey, emailRecordId } from '$lib/domain/email/email-key';
import { matchAddresses, type UnknownAddress } from '$lib/domain/email/match-addresses';
import {
	isEmailProblem,
	parseEmailFile,
	type EmailProblem,
	type ParsedEmail
} from '$lib/domain/email/parse-email';
import { noteReply } from './service-requests';
import { monthRecordId } from './shards';
import type { Workspace } from './workspace.svelte';

/** A body longer than this is cut: the record's text is shared, synced and kept everywhere. */
export const MAX_BODY_CHARS = 100_000;

/** One dropped file: its name and a way to read it (a File's arrayBuffer). */
export interface DroppedFile {
	name: string;
	read(): Promise<ArrayBuffer>;
}

export interface EmailLogOptions {
	/** The records the files were dropped on: every message links to them too. */
	linkTo?: {
		personIds?: string[];
		organizationId?: string | null;
		dealId?: string | null;
		requestId?: string | null;
	};
	/** The member's own addresses: their mail is outgoing, and they are never offered as people. */
	ownAddresses: readonly string[];
	/** Keeps an attachment in the file store; the file's description, or why not. */
	keepFile(
		bytes: Uint8Array,
		name: string,
		type: string
	): Promise<
		{ ok: true; hash: string; size: number; type: string } | { ok: false; message: string }
	>;
	onProgress?(done: number, total: number): void;
	/** Reads one file (the page's reader runs in a worker); parseEmailFile by default. */
	read?(name: string, bytes: ArrayBuffer): Promise<ParsedEmail | EmailProblem>;
	/** Lets the page paint between two files (parsing a large one takes a while). */
	pause?(): Promise<void>;
}

export interface EmailLogReport {
	logged: { id: string; subject: string }[];
	/** Already logged (this device or another): nothing written. */
	repeated: { file: string; subject: string }[];
	/** Files that are not readable messages, and attachments not kept, with why. */
	problems: { file: string; message: string }[];
	/** What was read but may be wrong ("the message looks cut off"). */
	warnings: { file: string; message: string }[];
	/** Addresses nobody has yet, with the interactions they took part in: offered as new people. */
	unknown: (UnknownAddress & { interactionIds: string[] })[];
}

/** Why a file is not logged before the device's copy of the workspace has loaded. */
export const LOG_WHILE_LOADING =
	'Not logged: this device is still loading the workspace, so the people it names could not be matched. Drop it again in a moment.';

export async function logEmailFiles(
	ws: Workspace,
	files: readonly DroppedFile[],
	options: EmailLogOptions
): Promise<EmailLogReport> {
	const report: EmailLogReport = {
		logged: [],
		repeated: [],
		problems: [],
		warnings: [],
		unknown: []
	};
	// Not before the workspace has loaded: every sender would look unknown (offered as a new
	// person, a duplicate of one this device holds), the mail linked to nobody, and a message
	// logged before would be logged again (its record not read yet).
	if (!ws.loaded) {
		for (const file of files) report.problems.push({ file: file.name, message: LOG_WHILE_LOADING });
		return report;
	}
	const repo = ws.repo(interaction);
	const people = addressesOf(ws.peopleLive.rows);
	const unknown = new Map<string, UnknownAddress & { interactionIds: string[] }>();
	let done = 0;
	for (const file of files) {
		options.onProgress?.(done, files.length);
		await options.pause?.();
		const parsed = await readMessage(file, options.read ?? parseEmailFile);
		done++;
		if (isEmailProblem(parsed)) {
			report.problems.push({ file: file.name, message: parsed.problem });
			continue;
		}
		for (const message of parsed.warnings) report.warnings.push({ file: file.name, message });
		const occurredAt = parsed.date ?? Date.now();
		const id = monthRecordId(occurredAt, await emailRecordId(emailKey(parsed)));
		ws.openMonthOf(interaction, id);
		const subject = parsed.subject || '(no subject)';
		if (repo.get(id)) {
			report.repeated.push({ file: file.name, subject });
			continue;
		}
		const matches = matchAddresses(parsed, people, options.ownAddresses);
		const link = options.linkTo ?? {};
		const personIds = [
			...new Set([...(link.personIds ?? []), ...matches.people.map((p) => p.personId)])
		];
		const organizationId =
			link.organizationId ??
			personIds.map((p) => ws.peopleLive.row(p)?.organizationId).find(Boolean) ??
			null;
		const fields: Partial<InteractionFields> & { notes: string } = {
			kind: 'email',
			direction: emailDirection(parsed, [...options.ownAddresses]),
			occurredAt,
			timeZone: zoneOfOffset(parsed.timeZone),
			subject: parsed.subject,
			personIds,
			organizationId,
			dealId: link.dealId ?? null,
			requestId: link.requestId ?? null,
			memberIds: [ws.me],
			messageId: parsed.messageId,
			emailFrom: formatAddress(parsed.from),
			emailTo: parsed.to.map(formatAddress),
			emailCc: parsed.cc.map(formatAddress),
			notes: bodyOf(parsed)
		};
		repo.createWithId(id, fields);
		// Mail sent from a request's timeline is a reply to it.
		noteReply(ws, {
			requestId: link.requestId ?? null,
			kind: 'email',
			direction: fields.direction ?? 'in',
			occurredAt
		});
		report.logged.push({ id, subject });
		for (const a of matches.unknown) {
			const entry = unknown.get(a.address) ?? { ...a, roles: [], interactionIds: [] };
			entry.name ||= a.name;
			entry.roles = [...new Set([...entry.roles, ...a.roles])];
			entry.interactionIds.push(id);
			unknown.set(a.address, entry);
		}
		for (const attachment of parsed.attachments) {
			if (attachment.inline) continue; // a signature logo is part of the text, not a document
			const kept = await options.keepFile(
				attachment.content,
				attachment.filename,
				attachment.mimeType
			);
			if (kept.ok)
				repo.attachFile(id, {
					hash: kept.hash,
					name: attachment.filename,
					type: kept.type,
					size: kept.size
				});
			else
				report.problems.push({
					file: `${file.name}: ${attachment.filename}`,
					message: kept.message
				});
		}
	}
	options.onProgress?.(done, files.length);
	report.unknown = [...unknown.values()];
	return report;
}

/**
 * Each person's addresses. A row keeps only the first e-mail as a field, but its search text
 * holds every value of the record, one per line: the lines that are addresses are theirs.
 */
function addressesOf(rows: readonly PersonRow[]): { id: string; emails: string[] }[] {
	const out: { id: string; emails: string[] }[] = [];
	for (const row of rows) {
		const emails = row.search.split('\n').filter((line) => ADDRESS.test(line));
		if (emails.length > 0) out.push({ id: row.id, emails });
	}
	return out;
}

const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

async function readMessage(file: DroppedFile, read: NonNullable<EmailLogOptions['read']>) {
	try {
		return await read(file.name, await file.read());
	} catch (err) {
		return {
			problem: `${file.name} could not be read (${err instanceof Error ? err.message : err}).`
		};
	}
}

function formatAddress(a: { name: string; address: string } | null): string {
	if (!a) return '';
	return a.name ? `${a.name} <${a.address}>` : a.address;
}

function bodyOf(parsed: ParsedEmail): string {
	if (parsed.text.length <= MAX_BODY_CHARS) return parsed.text;
	return `${parsed.text.slice(0, MAX_BODY_CHARS)}\n\n[… cut here: the message is longer; the rest is in the original file.]`;
}

/**
 * A zone for the offset the Date header was written in: '+02:00' is 'Etc/GMT-2' (POSIX signs
 * are reversed). A half-hour offset names no such zone: the reader's zone shows it then.
 */
export function zoneOfOffset(offset: string | null): string {
	const m = offset ? /^([+-])(\d{2}):(\d{2})$/.exec(offset) : null;
	if (!m || m[3] !== '00') return '';
	const hours = Number(m[2]);
	if (hours === 0) return 'UTC';
	return `Etc/GMT${m[1] === '+' ? '-' : '+'}${hours}`;
}
