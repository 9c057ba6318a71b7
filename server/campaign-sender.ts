// Campaign sending: the relay notices outbox documents with a send request (when a room applies
// a change to one, and on start for those not finished: campaign-finished.ts), and sends each
// recipient's message once.
//
// Exactly once, per (workspace, campaign, person), is the ledger's (campaign-ledger.ts): a
// 'sending' entry is on disk before the message goes to SMTP and 'sent' after, so a relay killed
// in between finds 'sending' on restart and marks the message 'unknown' instead of sending it
// again; two devices pressing Send write the same request and find one ledger. A status the
// document already holds as final (a relay restored from a backup without the ledger) is kept.
//
// With several relay processes on PostgreSQL, one at a time sends a workspace's campaigns: the
// holder of its lease (pg-campaigns.ts). Another process that notices a change to an outbox marks
// it open and, once the change is stored, tells the holder; when the holder dies another takes
// the lease and goes on from the shared ledger.
//
// Per workspace, one queue: at most the owner's messages per second (token bucket), a few
// messages in flight, and while SMTP fails in a way that certainly sent nothing (refused, down,
// a 4xx), the queue waits with exponential back-off and jitter, then tries the same message
// again, up to CAMPAIGN_MAX_ATTEMPTS. Statuses and timeline entries are batched into the
// documents every STATUS_FLUSH_MS as the relay's own edits (relay-edits.ts); a status says
// 'sent' only once the timeline entry is stored.
//
// Logs carry ids, counts and the kind of failure; never an address, a subject, a body or a
// setting but host and port.
import * as Y from 'yjs';
import { holdbacks } from './campaign-audience.ts';
import type { FinishedOutboxes } from './campaign-finished.ts';
import { isFinal, type CampaignLedger, type MessageRecord } from './campaign-ledger.ts';
import { campaignMail, campaignMessageId } from './campaign-mail.ts';
import {
	OUTBOX_FAMILY,
	campaignOf,
	readOutbox,
	writeStatuses,
	type Outbox,
	type OutboxMessage,
	type SendStatus
} from './campaign-outbox.ts';
import {
	CORE,
	listDocument,
	logSentMessage,
	sentMessageDoc,
	type SentMessage
} from './campaign-records.ts';
import type { CampaignSettings } from './config.ts';
import { fenced } from './fence.ts';
import { log } from './log.ts';
import type { Metrics } from './metrics.ts';
import { RELAY_ORIGIN, editDocument, type EditTarget } from './relay-edits.ts';
import { LOAD_ORIGIN } from './room.ts';
import { classifyFailure, smtpClient, type SmtpClient } from './smtp-client.ts';
import type { PgCampaigns } from './pg-campaigns.ts';
import type { SmtpSettings, SmtpSettingsSource } from './smtp-settings.ts';
import { familyOf } from '../src/lib/data/shards.ts';
import type { UnsubscribeTokens } from './unsubscribe-tokens.ts';

const STATUS_FLUSH_MS = 250;
/**
 * Messages of one workspace in flight at once: twice the SMTP pool's connections, so the ledger's
 * fsyncs of some overlap the SMTP exchanges of others.
 */
const IN_FLIGHT = 8;
/** A send that has not ended after this is treated as one that may have sent. */
const SEND_TIMEOUT_MS = 60_000;
/** Without SMTP settings, a workspace's queue looks again this often. */
const NO_SETTINGS_RETRY_MS = 30_000;
/** A change to an outbox is read this long after it, so a burst of updates is read once. */
const NOTICE_DELAY_MS = 50;

export interface SenderDeps {
	config: CampaignSettings;
	settings: SmtpSettingsSource;
	ledger: Pick<CampaignLedger, 'get' | 'campaign' | 'record'>;
	/** Which outboxes are done with (campaign-finished.ts, or crm_campaign_outboxes). */
	finished: Pick<FinishedOutboxes, 'has' | 'add' | 'remove'>;
	/** With PostgreSQL: who sends which workspace's campaigns; null for one process with files. */
	lease: CampaignLease | null;
	/** Resolves once what a room holds of the document is stored. */
	settled(workspaceId: string, doc: string): Promise<void>;
	tokens: UnsubscribeTokens;
	metrics: Metrics;
	documents: EditTarget & { liveDoc(workspaceId: string, doc: string): Y.Doc | null };
	/** The relay's public base URL (RELAY_PUBLIC_URL, or its own address once listening). */
	publicUrl(): string;
	/** Whether the workspace still exists (a deleted one sends nothing). */
	hasWorkspace(workspaceId: string): boolean;
}

export type CampaignLease = Pick<
	PgCampaigns,
	'start' | 'holds' | 'want' | 'register' | 'openOutboxes' | 'announce'
>;

interface Job {
	campaignId: string;
	personId: string;
	message: OutboxMessage;
	fromName: string;
	attempts: number;
	/** Its status says it waits for SMTP settings (written once). */
	waitNoted?: boolean;
}

interface Queue {
	workspaceId: string;
	jobs: Job[];
	running: number;
	/** Consecutive SMTP failures, and until when the queue waits. */
	failures: number;
	pausedUntil: number;
	wake: NodeJS.Timeout | null;
	tokens: number;
	refilledAt: number;
	client: { settings: SmtpSettings; smtp: SmtpClient } | null;
}

const jobKey = (workspaceId: string, campaignId: string, personId: string) =>
	`${workspaceId}/${campaignId}/${personId}`;

export class CampaignSender {
	private readonly queues = new Map<string, Queue>();
	/** Jobs queued or in flight, so a second look at an outbox does not queue them again. */
	private readonly active = new Set<string>();
	private readonly notices = new Map<string, NodeJS.Timeout>();
	private readonly scanning = new Map<string, Promise<void>>();
	/** Status and timeline writes waiting for the next flush, per workspace and document. */
	private readonly pendingStatus = new Map<string, Map<string, SendStatus>>();
	private readonly pendingSent = new Map<string, SentMessage[]>();
	private readonly listed = new Set<string>();
	/** People who unsubscribed through this relay since it started: `<workspaceId>/<personId>`. */
	private readonly unsubscribed = new Set<string>();
	private flushTimer: NodeJS.Timeout | null = null;
	private flushing: Promise<void> = Promise.resolve();
	private stopped = false;

	constructor(private readonly deps: SenderDeps) {}

	/** Whether a document name is an outbox the sender cares about. */
	static watches(doc: string): boolean {
		return familyOf(doc) === OUTBOX_FAMILY && campaignOf(doc) !== null;
	}

	/** A room applied a change to an outbox: read it soon (not for the relay's own edits). */
	notice(workspaceId: string, doc: string, origin: unknown): void {
		if (origin === RELAY_ORIGIN || this.stopped) return;
		const campaignId = campaignOf(doc);
		if (!campaignId) return;
		const { finished, lease } = this.deps;
		if (origin === LOAD_ORIGIN) {
			// What was stored, loaded for a client: nothing new for a finished campaign. With a
			// lease, stored outboxes not done with are read by its holder (crm_campaign_outboxes).
			if (lease || finished.has(workspaceId, campaignId)) return;
		} else {
			// Before the room stores the change, so a crash after it still reads it on start.
			try {
				finished.remove(workspaceId, campaignId);
			} catch (error) {
				log('campaign_finished_failed', { workspaceId, campaignId, error: String(error) });
			}
		}
		const key = `${workspaceId}/${doc}`;
		if (this.notices.has(key)) return;
		this.notices.set(
			key,
			setTimeout(
				fenced('campaign_notice', () => {
					this.notices.delete(key);
					if (lease) void this.tellHolder(lease, workspaceId, campaignId, doc);
					else void this.scan(workspaceId, doc);
				}),
				NOTICE_DELAY_MS
			)
		);
	}

	/** The change is stored: read it here if this process holds the lease, else tell the holder. */
	private async tellHolder(
		lease: CampaignLease,
		workspaceId: string,
		campaignId: string,
		doc: string
	): Promise<void> {
		try {
			await this.deps.settled(workspaceId, doc);
			if (lease.holds(workspaceId)) return void (await this.scan(workspaceId, doc));
			await lease.announce(workspaceId, campaignId);
			lease.want(workspaceId);
		} catch (error) {
			// Marked open already: the holder, or the next to take the lease, reads it.
			log('campaign_announce_failed', { workspaceId, campaignId, error: String(error) });
		}
	}

	/** Reads every stored outbox not finished once (after a restart: they go on). */
	async start(workspaceIds: string[]): Promise<void> {
		const { lease } = this.deps;
		if (lease) return this.startLeased(lease, workspaceIds);
		const { finished } = this.deps;
		for (const workspaceId of workspaceIds) {
			const docs = await this.deps.documents.store.listDocuments(workspaceId);
			const outboxes = docs.filter((name) => CampaignSender.watches(name));
			const open = outboxes.filter((name) => !finished.has(workspaceId, campaignOf(name)!));
			if (outboxes.length > 0) {
				log('campaign_start', {
					workspaceId,
					outboxes: outboxes.length,
					finished: outboxes.length - open.length
				});
			}
			for (const doc of open) await this.scan(workspaceId, doc);
		}
	}

	/**
	 * With PostgreSQL: stored outboxes are listed as open unless known, and the workspaces with
	 * open ones are tried for their lease; a process that takes one reads them (takeOver).
	 */
	private async startLeased(lease: CampaignLease, workspaceIds: string[]): Promise<void> {
		for (const workspaceId of workspaceIds) {
			try {
				const docs = await this.deps.documents.store.listDocuments(workspaceId);
				const campaignIds = docs
					.filter((name) => CampaignSender.watches(name))
					.map((name) => campaignOf(name)!);
				const open = await lease.register(workspaceId, campaignIds);
				if (campaignIds.length > 0) {
					log('campaign_start', {
						workspaceId,
						outboxes: campaignIds.length,
						finished: campaignIds.length - open.size
					});
				}
			} catch (error) {
				// Its outboxes marked open by a client's change are still taken up by the lease.
				log('campaign_start_failed', { workspaceId, error: String(error) });
			}
		}
		lease.start({
			acquired: (workspaceId) => void this.takeOver(lease, workspaceId),
			lost: (workspaceId) => this.release(workspaceId),
			changed: (workspaceId, campaignId) =>
				void this.scan(workspaceId, `${OUTBOX_FAMILY}.${campaignId}`)
		});
	}

	/** This process took the workspace's lease: it goes on with every outbox not done with. */
	private async takeOver(lease: CampaignLease, workspaceId: string): Promise<void> {
		try {
			const open = await lease.openOutboxes(workspaceId);
			log('campaign_lease_taken', { workspaceId, outboxes: open.length });
			for (const campaignId of open) {
				await this.scan(workspaceId, `${OUTBOX_FAMILY}.${campaignId}`);
			}
		} catch (error) {
			log('campaign_takeover_failed', { workspaceId, error: String(error) });
		}
	}

	/** The lease is gone: nothing more of the workspace is sent from here. */
	private release(workspaceId: string): void {
		log('campaign_lease_lost', { workspaceId });
		const queue = this.queues.get(workspaceId);
		if (queue) queue.jobs.length = 0;
		const prefix = `${workspaceId}/`;
		for (const key of this.active) if (key.startsWith(prefix)) this.active.delete(key);
	}

	/** Someone unsubscribed: a message to them still queued is not sent. */
	personUnsubscribed(workspaceId: string, personId: string): void {
		this.unsubscribed.add(`${workspaceId}/${personId}`);
	}

	/** The owner changed the workspace's SMTP settings: use them from the next message on. */
	settingsChanged(workspaceId: string): void {
		const queue = this.queues.get(workspaceId);
		if (!queue) return;
		queue.client?.smtp.close();
		queue.client = null;
		queue.failures = 0;
		queue.pausedUntil = 0;
		this.pump(queue);
	}

	async stop(): Promise<void> {
		this.stopped = true;
		for (const timer of this.notices.values()) clearTimeout(timer);
		for (const queue of this.queues.values()) {
			if (queue.wake) clearTimeout(queue.wake);
			queue.jobs.length = 0;
		}
		// In-flight sends finish (their ledger entries are written); then the last statuses.
		const deadline = Date.now() + 5_000;
		while ([...this.queues.values()].some((q) => q.running > 0) && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		await this.flush();
		for (const queue of this.queues.values()) queue.client?.smtp.close();
	}

	/** Reads one outbox; scans of one document never overlap (a later one runs after). */
	scan(workspaceId: string, doc: string): Promise<void> {
		const key = `${workspaceId}/${doc}`;
		const previous = this.scanning.get(key) ?? Promise.resolve();
		const next = previous
			.then(() => this.scanNow(workspaceId, doc))
			.catch((error: unknown) =>
				log('campaign_scan_failed', { workspaceId, doc, error: String(error) })
			);
		this.scanning.set(key, next);
		void next.finally(() => {
			if (this.scanning.get(key) === next) this.scanning.delete(key);
		});
		return next;
	}

	private async scanNow(workspaceId: string, doc: string): Promise<void> {
		const campaignId = campaignOf(doc);
		if (!campaignId || this.stopped || !this.deps.hasWorkspace(workspaceId)) return;
		// Another process holds the lease: it sends (this one was told, or its lease was lost).
		if (this.deps.lease && !this.deps.lease.holds(workspaceId)) return;
		const outbox = await this.read(workspaceId, doc);
		if (outbox.requestProblem) {
			log('campaign_malformed', { workspaceId, campaignId, problem: outbox.requestProblem });
		}
		const request = outbox.request;
		// A letter campaign (or an outbox opened before Send) has nothing to send; a request
		// written later is a change, which takes it out of the finished list again.
		if (!request) return this.finish(workspaceId, campaignId, doc);
		const ledger = await this.deps.ledger.campaign(workspaceId, campaignId);
		const queued: Job[] = [];
		let repaired = 0;
		/** Messages not done with, or whose final status the document does not hold yet. */
		let open = 0;
		for (const [personId, message] of outbox.messages) {
			const key = jobKey(workspaceId, campaignId, personId);
			if (this.active.has(key)) {
				open++;
				continue;
			}
			const record = ledger.get(personId);
			const shown = outbox.statuses.get(personId);
			if (record && isFinal(record.state)) {
				// Done before: make the document say so, if a crash or a flush failure left it behind.
				if (shown?.state !== record.state) {
					repaired++;
					open++;
					await this.repair(workspaceId, campaignId, personId, record, message);
				}
				continue;
			}
			// The document says it is done (a relay restored without its ledger): never again.
			if (!record && shown && shown.state !== 'queued') continue;
			if ('malformed' in message) {
				open++;
				await this.deps.ledger.record(workspaceId, {
					c: campaignId,
					p: personId,
					s: 'failed',
					at: Date.now(),
					n: 0,
					r: message.malformed
				});
				this.deps.metrics.countCampaign('failed');
				log('campaign_message_failed', {
					workspaceId,
					campaignId,
					personId,
					problem: 'malformed'
				});
				this.status(workspaceId, campaignId, personId, {
					state: 'failed',
					at: Date.now(),
					attempts: 0,
					reason: message.malformed
				});
				continue;
			}
			queued.push({
				campaignId,
				personId,
				message,
				fromName: request.fromName,
				attempts: record?.attempts ?? 0
			});
		}
		// A send made offline may reach the relay long after: who left since is not written to.
		if (queued.length > 0) {
			const held = await holdbacks(
				this.deps.documents,
				workspaceId,
				queued.map((job) => job.personId)
			);
			for (let i = queued.length - 1; i >= 0; i--) {
				const reason = held.get(queued[i].personId);
				if (!reason) continue;
				await this.holdBack(workspaceId, queued[i], reason);
				queued.splice(i, 1);
				open++;
			}
		}
		if (queued.length === 0) {
			if (repaired > 0) log('campaign_repaired', { workspaceId, campaignId, statuses: repaired });
			// Done, and the document says so: a restart need not read it again.
			if (open === 0) this.finish(workspaceId, campaignId, doc);
			return;
		}
		log('campaign_queued', {
			workspaceId,
			campaignId,
			messages: outbox.messages.size,
			queued: queued.length
		});
		const queue = this.queue(workspaceId);
		for (const job of queued) {
			this.active.add(jobKey(workspaceId, campaignId, job.personId));
			queue.jobs.push(job);
			this.status(workspaceId, campaignId, job.personId, {
				state: 'queued',
				at: Date.now(),
				attempts: job.attempts
			});
		}
		this.pump(queue);
	}

	/** Lists the campaign as finished, unless a status for it still waits to be written. */
	private finish(workspaceId: string, campaignId: string, doc: string): void {
		if (this.pendingStatus.has(`${workspaceId}/${doc}`)) return;
		try {
			this.deps.finished.add(workspaceId, campaignId);
		} catch (error) {
			// Not listed: read again on the next start, as before the list existed.
			log('campaign_finished_failed', { workspaceId, campaignId, error: String(error) });
		}
	}

	/** Marks a message not sent, for good: the recipient left the audience after the freeze. */
	private async holdBack(workspaceId: string, job: Job, reason: string): Promise<void> {
		const at = Date.now();
		const { campaignId, personId } = job;
		await this.deps.ledger.record(workspaceId, {
			c: campaignId,
			p: personId,
			s: 'failed',
			at,
			n: job.attempts,
			r: reason
		});
		this.deps.metrics.countCampaign('failed');
		log('campaign_message_held_back', { workspaceId, campaignId, personId });
		this.status(workspaceId, campaignId, personId, {
			state: 'failed',
			at,
			attempts: job.attempts,
			reason
		});
	}

	/** The outbox as stored or live: from its room when loaded, else a scratch copy. */
	private async read(workspaceId: string, doc: string): Promise<Outbox> {
		const live = this.deps.documents.liveDoc(workspaceId, doc);
		if (live) return readOutbox(live);
		const { store } = this.deps.documents;
		const scratch = new Y.Doc({ gc: true });
		try {
			const updates = await store.load(workspaceId, doc);
			scratch.transact(() => {
				for (const update of updates) Y.applyUpdate(scratch, update);
			});
			return readOutbox(scratch);
		} finally {
			scratch.destroy();
			if (!this.deps.documents.hasRoom(workspaceId, doc)) {
				void store.release(workspaceId, doc).catch(() => {});
			}
		}
	}

	/** Writes a final ledger state the document does not show yet (the timeline first). */
	private async repair(
		workspaceId: string,
		campaignId: string,
		personId: string,
		record: MessageRecord,
		message: OutboxMessage | { malformed: string }
	): Promise<void> {
		if (record.state === 'sent' && !('malformed' in message)) {
			const settings = this.deps.settings.get(workspaceId);
			this.timeline(workspaceId, {
				campaignId,
				personId,
				sentAt: record.at,
				subject: message.subject,
				text: message.text,
				to: message.to,
				from: settings?.fromAddress ?? '',
				messageId: settings
					? campaignMessageId({ workspaceId, campaignId, personId, settings })
					: ''
			});
		}
		this.status(workspaceId, campaignId, personId, {
			state: record.state === 'retry' || record.state === 'sending' ? 'queued' : record.state,
			at: record.at,
			attempts: record.attempts,
			...(record.reason ? { reason: record.reason } : {})
		});
	}

	private queue(workspaceId: string): Queue {
		let queue = this.queues.get(workspaceId);
		if (!queue) {
			queue = {
				workspaceId,
				jobs: [],
				running: 0,
				failures: 0,
				pausedUntil: 0,
				wake: null,
				tokens: 1,
				refilledAt: performance.now(),
				client: null
			};
			this.queues.set(workspaceId, queue);
		}
		return queue;
	}

	/** Starts as many sends as the rate, the back-off and the in-flight limit allow. */
	private pump(queue: Queue): void {
		try {
			this.pumpNow(queue);
		} catch (error) {
			// The settings file unreadable, say: look again later rather than stop for good.
			log('campaign_pump_failed', { workspaceId: queue.workspaceId, error: String(error) });
			this.wakeAt(queue, NO_SETTINGS_RETRY_MS);
		}
	}

	private pumpNow(queue: Queue): void {
		if (this.stopped) return;
		if (queue.wake) {
			clearTimeout(queue.wake);
			queue.wake = null;
		}
		while (queue.jobs.length > 0 && queue.running < IN_FLIGHT) {
			const now = Date.now();
			if (queue.pausedUntil > now) return this.wakeAt(queue, queue.pausedUntil - now);
			const settings = this.deps.settings.get(queue.workspaceId);
			if (!settings) {
				for (const job of queue.jobs) {
					if (job.waitNoted) continue;
					job.waitNoted = true;
					this.status(queue.workspaceId, job.campaignId, job.personId, {
						state: 'queued',
						at: now,
						attempts: job.attempts,
						reason: 'Waiting for SMTP settings: the owner sets them in Settings → Email sending.'
					});
				}
				return this.wakeAt(queue, NO_SETTINGS_RETRY_MS);
			}
			const wait = this.takeToken(queue, settings.ratePerSec);
			if (wait > 0) return this.wakeAt(queue, wait);
			const job = queue.jobs.shift()!;
			queue.running++;
			void this.send(queue, settings, job)
				.catch((error: unknown) =>
					log('campaign_send_failed', {
						workspaceId: queue.workspaceId,
						campaignId: job.campaignId,
						error: String(error)
					})
				)
				.finally(() => {
					queue.running--;
					this.pump(queue);
				});
		}
	}

	private wakeAt(queue: Queue, ms: number): void {
		if (queue.wake) clearTimeout(queue.wake);
		queue.wake = setTimeout(
			fenced('campaign_wake', () => {
				queue.wake = null;
				this.pump(queue);
			}),
			Math.max(1, Math.ceil(ms))
		);
	}

	/** Takes a send from the bucket (burst: one second's worth); else the ms until one is there. */
	private takeToken(queue: Queue, ratePerSec: number): number {
		const now = performance.now();
		queue.tokens = Math.min(
			Math.max(1, ratePerSec),
			queue.tokens + ((now - queue.refilledAt) / 1000) * ratePerSec
		);
		queue.refilledAt = now;
		if (queue.tokens >= 1) {
			queue.tokens -= 1;
			return 0;
		}
		return ((1 - queue.tokens) / ratePerSec) * 1000;
	}

	private client(queue: Queue, settings: SmtpSettings): SmtpClient {
		if (queue.client?.settings.updatedAt !== settings.updatedAt) {
			queue.client?.smtp.close();
			queue.client = { settings, smtp: smtpClient(settings) };
		}
		return queue.client.smtp;
	}

	private async send(queue: Queue, settings: SmtpSettings, job: Job): Promise<void> {
		const { workspaceId } = queue;
		const { campaignId, personId } = job;
		const key = jobKey(workspaceId, campaignId, personId);
		const attempt = job.attempts + 1;
		const ledger = this.deps.ledger;
		if (this.deps.lease && !this.deps.lease.holds(workspaceId)) {
			this.active.delete(key);
			return;
		}
		// Looked up again: another scan may have finished it since it was queued.
		const before = await ledger.get(workspaceId, campaignId, personId);
		if (before && isFinal(before.state)) {
			this.active.delete(key);
			return;
		}
		if (this.unsubscribed.has(`${workspaceId}/${personId}`)) {
			await this.holdBack(workspaceId, job, 'Not sent: unsubscribed after the campaign was sent.');
			this.active.delete(key);
			return;
		}
		await ledger.record(workspaceId, {
			c: campaignId,
			p: personId,
			s: 'sending',
			at: Date.now(),
			n: attempt
		});
		this.status(workspaceId, campaignId, personId, {
			state: 'sending',
			at: Date.now(),
			attempts: attempt
		});
		const mail = campaignMail({
			workspaceId,
			campaignId,
			personId,
			message: job.message,
			settings,
			fromName: job.fromName,
			unsubscribeUrl: `${this.deps.publicUrl()}/unsubscribe/${this.deps.tokens.make({
				workspaceId,
				campaignId,
				personId
			})}`
		});
		let failure: ReturnType<typeof classifyFailure> | null = null;
		try {
			await withTimeout(this.client(queue, settings).send(mail), SEND_TIMEOUT_MS);
		} catch (error) {
			failure = classifyFailure(error, settings);
		}
		const at = Date.now();
		if (!failure) {
			await ledger.record(workspaceId, { c: campaignId, p: personId, s: 'sent', at, n: attempt });
			queue.failures = 0;
			this.deps.metrics.countCampaign('sent');
			this.active.delete(key);
			this.timeline(workspaceId, {
				campaignId,
				personId,
				sentAt: at,
				subject: job.message.subject,
				text: job.message.text,
				to: job.message.to,
				from: settings.fromAddress,
				messageId: mail.messageId
			});
			this.status(workspaceId, campaignId, personId, { state: 'sent', at, attempts: attempt });
			return;
		}
		const fields = { workspaceId, campaignId, personId, problem: failure.problem, attempt };
		if (failure.mayHaveSent) {
			await ledger.record(workspaceId, {
				c: campaignId,
				p: personId,
				s: 'unknown',
				at,
				n: attempt,
				r: failure.message
			});
			this.deps.metrics.countCampaign('unknown');
			this.active.delete(key);
			log('campaign_message_unknown', fields);
			this.status(workspaceId, campaignId, personId, {
				state: 'unknown',
				at,
				attempts: attempt,
				reason: `Maybe sent, not sent again: ${failure.message}`
			});
			return;
		}
		// A wrong password or TLS mode fails every message alike: the queue waits (the owner's new
		// settings start it again at once, settingsChanged) instead of failing the whole list.
		const retryable = failure.transient || failure.problem === 'auth' || failure.problem === 'tls';
		if (retryable && attempt < this.deps.config.maxAttempts) {
			await ledger.record(workspaceId, {
				c: campaignId,
				p: personId,
				s: 'retry',
				at,
				n: attempt,
				r: failure.message
			});
			this.deps.metrics.countCampaign('retried');
			// The messages in flight together fail together: one step of back-off for them all.
			if (queue.pausedUntil <= at) {
				queue.failures++;
				queue.pausedUntil = at + backoff(queue.failures, this.deps.config);
			}
			const delay = queue.pausedUntil - at;
			queue.jobs.unshift({ ...job, attempts: attempt });
			log('campaign_smtp_retry', { ...fields, delayMs: delay });
			this.status(workspaceId, campaignId, personId, {
				state: 'queued',
				at,
				attempts: attempt,
				reason: `Trying again in ${Math.ceil(delay / 1000)} s: ${failure.message}`
			});
			return;
		}
		const reason = retryable
			? `Gave up after ${attempt} tries: ${failure.message}`
			: failure.message;
		await ledger.record(workspaceId, {
			c: campaignId,
			p: personId,
			s: 'failed',
			at,
			n: attempt,
			r: reason
		});
		this.deps.metrics.countCampaign('failed');
		this.active.delete(key);
		log('campaign_message_failed', fields);
		this.status(workspaceId, campaignId, personId, {
			state: 'failed',
			at,
			attempts: attempt,
			reason
		});
	}

	private status(workspaceId: string, campaignId: string, personId: string, s: SendStatus): void {
		const key = `${workspaceId}/${OUTBOX_FAMILY}.${campaignId}`;
		let batch = this.pendingStatus.get(key);
		if (!batch) this.pendingStatus.set(key, (batch = new Map()));
		batch.set(personId, s);
		this.scheduleFlush();
	}

	private timeline(workspaceId: string, sent: SentMessage): void {
		const key = `${workspaceId}/${sentMessageDoc(sent)}`;
		let batch = this.pendingSent.get(key);
		if (!batch) this.pendingSent.set(key, (batch = []));
		batch.push(sent);
		this.scheduleFlush();
	}

	private scheduleFlush(): void {
		if (this.flushTimer) return;
		this.flushTimer = setTimeout(
			fenced('campaign_flush', () => {
				this.flushTimer = null;
				void this.flush();
			}),
			STATUS_FLUSH_MS
		);
	}

	/** Writes what waits: timeline entries first, then statuses (so 'sent' implies logged). */
	flush(): Promise<void> {
		this.flushing = this.flushing.then(() => this.flushNow());
		return this.flushing;
	}

	private async flushNow(): Promise<void> {
		const sent = [...this.pendingSent];
		this.pendingSent.clear();
		const statuses = [...this.pendingStatus];
		this.pendingStatus.clear();
		const { documents } = this.deps;
		for (const [key, batch] of sent) {
			const [workspaceId, doc] = splitKey(key);
			try {
				if (!this.listed.has(key)) {
					await editDocument(documents, workspaceId, CORE, (core) => listDocument(core, doc), {
						keep: true
					});
					this.listed.add(key);
				}
				await editDocument(
					documents,
					workspaceId,
					doc,
					(d) => {
						for (const m of batch) logSentMessage(d, m);
					},
					{ keep: true }
				);
			} catch (error) {
				log('campaign_timeline_failed', { workspaceId, doc, error: String(error) });
				// Tried again at the next flush; the statuses of these wait with them.
				this.pendingSent.set(key, [...(this.pendingSent.get(key) ?? []), ...batch]);
				for (const m of batch) {
					const statusKey = `${workspaceId}/${OUTBOX_FAMILY}.${m.campaignId}`;
					const held = statuses.find(([k]) => k === statusKey)?.[1];
					const s = held?.get(m.personId);
					if (held && s) {
						held.delete(m.personId);
						this.requeueStatus(statusKey, m.personId, s);
					}
				}
			}
		}
		for (const [key, batch] of statuses) {
			if (batch.size === 0) continue;
			const [workspaceId, doc] = splitKey(key);
			try {
				await editDocument(documents, workspaceId, doc, (d) => writeStatuses(d, batch), {
					keep: true
				});
				// Its last message's status is stored: a look at it lists it as finished.
				if (!this.hasActive(workspaceId, campaignOf(doc)!)) void this.scan(workspaceId, doc);
			} catch (error) {
				log('campaign_status_failed', { workspaceId, doc, error: String(error) });
				for (const [personId, s] of batch) this.requeueStatus(key, personId, s);
			}
		}
		if (this.pendingSent.size > 0 || this.pendingStatus.size > 0) this.scheduleFlush();
	}

	private hasActive(workspaceId: string, campaignId: string): boolean {
		const prefix = jobKey(workspaceId, campaignId, '');
		for (const key of this.active) if (key.startsWith(prefix)) return true;
		return false;
	}

	/** Puts a status back for the next flush unless a newer one is waiting. */
	private requeueStatus(key: string, personId: string, s: SendStatus): void {
		let batch = this.pendingStatus.get(key);
		if (!batch) this.pendingStatus.set(key, (batch = new Map()));
		if (!batch.has(personId)) batch.set(personId, s);
	}
}

function splitKey(key: string): [string, string] {
	const slash = key.indexOf('/');
	return [key.slice(0, slash), key.slice(slash + 1)];
}

/** Exponential, capped, with jitter (half to all of it), so many relays do not retry in step. */
export function backoff(failures: number, config: CampaignSettings): number {
	const full = Math.min(config.retryMaxMs, config.retryBaseMs * 2 ** Math.min(failures - 1, 30));
	return Math.round(full / 2 + (Math.random() * full) / 2);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(
			() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'ETIMEDOUT' })),
			ms
		);
		promise.then(
			(value) => {
				clearTimeout(timer);
				resolve(value);
			},
			(error: unknown) => {
				clearTimeout(timer);
				reject(error instanceof Error ? error : new Error(String(error)));
			}
		);
	});
}
