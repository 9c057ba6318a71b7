// A campaign's outbox document as the relay reads and answers it (the contract:
// /work/notes/campaign-contract.md §2): `send.request` says "send this", `messages` holds each
// recipient's rendered message by person id, and `status` is the relay's answer per person —
// the only map the relay writes. Every value is a JSON string, checked here: a value a buggy
// peer wrote wrong is reported as malformed, never sent and never crashes the relay.
import * as Y from 'yjs';
import { ADDRESS } from './smtp-settings.ts';

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

export interface SendRequest {
	requestedAt: number;
	requestedBy: string;
	fromName: string;
}

export interface OutboxMessage {
	to: string;
	name: string;
	subject: string;
	text: string;
	html: string;
}

export type SendState = 'queued' | 'sending' | 'sent' | 'failed' | 'unknown';

export interface SendStatus {
	state: SendState;
	at: number;
	attempts: number;
	reason?: string;
}

export interface Outbox {
	/** null: not requested, or the request is malformed (then `requestProblem` says so). */
	request: SendRequest | null;
	requestProblem: string | null;
	/** Each recipient's message, or why it cannot be sent. */
	messages: Map<string, OutboxMessage | { malformed: string }>;
	/** What the relay last wrote per person (a malformed status reads as absent). */
	statuses: Map<string, SendStatus>;
}

const maps = (doc: Y.Doc) => ({
	send: doc.getMap('send') as Y.Map<unknown>,
	messages: doc.getMap('messages') as Y.Map<unknown>,
	status: doc.getMap('status') as Y.Map<unknown>
});

function parseObject(raw: unknown): Record<string, unknown> | null {
	if (typeof raw !== 'string') return null;
	try {
		const value: unknown = JSON.parse(raw);
		return typeof value === 'object' && value !== null && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: null;
	} catch {
		return null;
	}
}

const isText = (v: unknown): v is string => typeof v === 'string';

export function readOutbox(doc: Y.Doc): Outbox {
	const { send, messages, status } = maps(doc);
	let request: SendRequest | null = null;
	let requestProblem: string | null = null;
	if (send.has('request')) {
		const v = parseObject(send.get('request'));
		const from = v && (v.from as Record<string, unknown> | null);
		if (
			v &&
			typeof v.requestedAt === 'number' &&
			isText(v.requestedBy) &&
			typeof from === 'object' &&
			from !== null &&
			isText(from.name)
		) {
			request = {
				requestedAt: v.requestedAt,
				requestedBy: v.requestedBy,
				fromName: from.name.replace(/[\r\n]+/g, ' ').slice(0, 200)
			};
		} else requestProblem = 'malformed send request';
	}
	const out = new Map<string, OutboxMessage | { malformed: string }>();
	for (const [personId, raw] of messages.entries()) out.set(personId, readMessage(personId, raw));
	const statuses = new Map<string, SendStatus>();
	for (const [personId, raw] of status.entries()) {
		const v = parseObject(raw);
		if (v && isText(v.state) && typeof v.at === 'number' && typeof v.attempts === 'number') {
			statuses.set(personId, v as unknown as SendStatus);
		}
	}
	return { request, requestProblem, messages: out, statuses };
}

function readMessage(personId: string, raw: unknown): OutboxMessage | { malformed: string } {
	if (!PERSON_ID.test(personId)) return { malformed: 'malformed: not a person id' };
	const v = parseObject(raw);
	if (!v || !isText(v.to) || !isText(v.name) || !isText(v.subject)) {
		return { malformed: 'malformed: not a message with to, name, subject, text and html' };
	}
	if (!isText(v.text) || !isText(v.html)) {
		return { malformed: 'malformed: not a message with to, name, subject, text and html' };
	}
	const to = v.to.trim();
	if (!ADDRESS.test(to)) return { malformed: 'malformed: the address is not an e-mail address' };
	if (v.text.length > MAX_BODY_CHARS || v.html.length > MAX_BODY_CHARS) {
		return { malformed: `malformed: the message is longer than ${MAX_BODY_CHARS} characters` };
	}
	// One line each: a header value never carries a line break of a peer's making.
	const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();
	return {
		to,
		name: oneLine(v.name).slice(0, 200),
		subject: oneLine(v.subject).slice(0, 998),
		text: v.text,
		html: v.html
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
