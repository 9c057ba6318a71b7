// A campaign's outbox document as the relay reads and answers it (the contract: README,
// "Campaign sending", and the app's codec named below): `send.request` says "send this", `messages` holds each
// recipient's rendered message by person id, and `status` is the relay's answer per person —
// the only map the relay writes. Every value is a JSON string, checked here: a value a buggy
// peer wrote wrong is reported as malformed, never sent and never crashes the relay.
// The values are read by the app's own codec (src/lib/domain/campaigns/outbox.ts), so both
// sides hold one definition of the contract; the relay adds what sending needs on top: a person
// id it can name, an e-mail address, a size limit, and one-line header values.
import * as Y from 'yjs';
import {
	readMessage as readMessageValue,
	readRequest,
	readStatus,
	type OutboxMessage,
	type SendStatus
} from '../src/lib/domain/campaigns/outbox.ts';
import { ADDRESS } from './smtp-settings.ts';

export type { OutboxMessage, SendState, SendStatus } from '../src/lib/domain/campaigns/outbox.ts';

export const OUTBOX_FAMILY = 'campaign-outbox';
const OUTBOX_DOC = /^campaign-outbox\.([a-z0-9-]{1,32})$/;
/** Person ids are the app's UUIDs; anything else is not a recipient the relay can name. */
const PERSON_ID = /^[A-Za-z0-9_-]{1,100}$/;
/** A message's text or HTML above this is refused: it is a campaign, not a file transfer. */
const MAX_BODY_CHARS = 1_000_000;

/** The campaign an outbox document belongs to, or null for another document. */
export function campaignOf(docName: string): string | null {
	return OUTBOX_DOC.exec(docName)?.[1] ?? null;
}

/** A send request as the relay acts on it: the sender's name made one header-safe line. */
export interface SendOrder {
	requestedAt: number;
	requestedBy: string;
	fromName: string;
}

export interface Outbox {
	/** null: not requested, or the request is malformed (then `requestProblem` says so). */
	request: SendOrder | null;
	requestProblem: string | null;
	/** Each recipient's message, or why it cannot be sent. */
	messages: Map<string, OutboxMessage | { malformed: string }>;
	/** What the relay last wrote per person; one it cannot read is 'unknown' (UNREADABLE). */
	statuses: Map<string, SendStatus>;
}

const maps = (doc: Y.Doc) => ({
	send: doc.getMap('send') as Y.Map<unknown>,
	messages: doc.getMap('messages') as Y.Map<unknown>,
	status: doc.getMap('status') as Y.Map<unknown>
});

/**
 * A status this relay cannot read (another version's state, say) counts as not queued: without a
 * ledger entry the message is not sent again — exactly once wins over at least once.
 */
const UNREADABLE: SendStatus = {
	state: 'unknown',
	at: 0,
	attempts: 0,
	reason: 'unreadable status'
};

/** One line: a header value never carries a line break of a peer's making. */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();

export function readOutbox(doc: Y.Doc): Outbox {
	const { send, messages, status } = maps(doc);
	let request: SendOrder | null = null;
	let requestProblem: string | null = null;
	if (send.has('request')) {
		const r = readRequest(send.get('request'));
		if (r) {
			request = {
				requestedAt: r.requestedAt,
				requestedBy: r.requestedBy,
				fromName: oneLine(r.from.name).slice(0, 200)
			};
		} else requestProblem = 'malformed send request';
	}
	const out = new Map<string, OutboxMessage | { malformed: string }>();
	for (const [personId, raw] of messages.entries()) out.set(personId, readMessage(personId, raw));
	const statuses = new Map<string, SendStatus>();
	for (const [personId, raw] of status.entries())
		statuses.set(personId, readStatus(raw) ?? UNREADABLE);
	return { request, requestProblem, messages: out, statuses };
}

function readMessage(personId: string, raw: unknown): OutboxMessage | { malformed: string } {
	if (!PERSON_ID.test(personId)) return { malformed: 'malformed: not a person id' };
	const m = readMessageValue(raw);
	if (!m) return { malformed: 'malformed: not a message with to, name, subject, text and html' };
	const to = m.to.trim();
	if (!ADDRESS.test(to)) return { malformed: 'malformed: the address is not an e-mail address' };
	if (m.text.length > MAX_BODY_CHARS || m.html.length > MAX_BODY_CHARS) {
		return { malformed: `malformed: the message is longer than ${MAX_BODY_CHARS} characters` };
	}
	return {
		to,
		name: oneLine(m.name).slice(0, 200),
		subject: oneLine(m.subject).slice(0, 998),
		text: m.text,
		html: m.html
	};
}

/** Writes the statuses that differ from what the document holds (the relay's own edit). */
export function writeStatuses(doc: Y.Doc, statuses: ReadonlyMap<string, SendStatus>): void {
	const { status } = maps(doc);
	for (const [personId, value] of statuses) {
		const encoded = JSON.stringify(value);
		if (status.get(personId) !== encoded) status.set(personId, encoded);
	}
}
