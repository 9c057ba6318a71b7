/**
 * The values of a campaign's outbox document, the contract between the app and the relay (README,
 * "Campaign sending"; server/campaign-outbox.ts reads them with this codec): each a JSON
 * string in one of its maps, written by the app (send request, messages, excluded, responses)
 * or by the relay (status). Encoded here and validated on read: a malformed value is skipped
 * and named, never shown as something it is not.
 */
import { EXCLUSION_REASONS, type ExclusionReason } from './recipients';

export interface SendRequest {
	requestedAt: number;
	requestedBy: string;
	from: { name: string };
}

export interface OutboxMessage {
	/** An e-mail address; for a letter campaign, the postal address's lines. */
	to: string;
	name: string;
	subject: string;
	text: string;
	html: string;
}

export const SEND_STATES = ['queued', 'sending', 'sent', 'failed', 'unknown'] as const;
export type SendState = (typeof SEND_STATES)[number];

export interface SendStatus {
	state: SendState;
	at: number;
	attempts: number;
	reason?: string;
}

export const RESPONSE_KINDS = ['replied', 'ordered', 'meeting', 'not-interested'] as const;
export type ResponseKind = (typeof RESPONSE_KINDS)[number];
export const RESPONSE_LABELS: Record<ResponseKind, string> = {
	replied: 'Replied',
	ordered: 'Ordered',
	meeting: 'Meeting',
	'not-interested': 'Not interested'
};

export interface CampaignResponse {
	kind: ResponseKind;
	at: number;
	by: string;
}

type Check<T> = (v: Record<string, unknown>) => T | null;

function obj(raw: unknown): Record<string, unknown> | null {
	if (typeof raw !== 'string') return null;
	try {
		const v: unknown = JSON.parse(raw);
		return typeof v === 'object' && v !== null && !Array.isArray(v)
			? (v as Record<string, unknown>)
			: null;
	} catch {
		return null;
	}
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isText = (v: unknown): v is string => typeof v === 'string';
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T =>
	typeof v === 'string' && (list as readonly string[]).includes(v);

const checkRequest: Check<SendRequest> = (v) => {
	const from = v.from as Record<string, unknown> | null;
	if (!isTime(v.requestedAt) || !isText(v.requestedBy)) return null;
	if (typeof from !== 'object' || from === null || !isText(from.name)) return null;
	return { requestedAt: v.requestedAt, requestedBy: v.requestedBy, from: { name: from.name } };
};

const checkMessage: Check<OutboxMessage> = (v) =>
	isText(v.to) && isText(v.name) && isText(v.subject) && isText(v.text) && isText(v.html)
		? { to: v.to, name: v.name, subject: v.subject, text: v.text, html: v.html }
		: null;

const checkExcluded: Check<{ reason: ExclusionReason }> = (v) =>
	oneOf(EXCLUSION_REASONS, v.reason) ? { reason: v.reason } : null;

const checkStatus: Check<SendStatus> = (v) => {
	if (!oneOf(SEND_STATES, v.state) || !isTime(v.at)) return null;
	const attempts =
		Number.isInteger(v.attempts) && (v.attempts as number) >= 0 ? (v.attempts as number) : 0;
	return { state: v.state, at: v.at, attempts, ...(isText(v.reason) ? { reason: v.reason } : {}) };
};

const checkResponse: Check<CampaignResponse> = (v) =>
	oneOf(RESPONSE_KINDS, v.kind) && isTime(v.at) && isText(v.by)
		? { kind: v.kind, at: v.at, by: v.by }
		: null;

/** One stored value read, or null when it is not what the contract says. */
export const readRequest = (raw: unknown) => read(raw, checkRequest);
export const readMessage = (raw: unknown) => read(raw, checkMessage);
export const readExcluded = (raw: unknown) => read(raw, checkExcluded);
export const readStatus = (raw: unknown) => read(raw, checkStatus);
export const readResponse = (raw: unknown) => read(raw, checkResponse);

function read<T>(raw: unknown, check: Check<T>): T | null {
	const v = obj(raw);
	return v ? check(v) : null;
}

/** A map's entries read: the good ones by key, and the keys of the malformed ones. */
export function readEntries<T>(
	entries: Iterable<[string, unknown]>,
	readOne: (raw: unknown) => T | null
): { values: Map<string, T>; skipped: string[] } {
	const values = new Map<string, T>();
	const skipped: string[] = [];
	for (const [key, raw] of entries) {
		const v = readOne(raw);
		if (v === null) skipped.push(key);
		else values.set(key, v);
	}
	return { values, skipped };
}

/** What the app writes: the value as the contract's JSON string. */
export const encode = (
	value: SendRequest | OutboxMessage | { reason: ExclusionReason } | CampaignResponse
): string => JSON.stringify(value);

/** Counts per state ("12 sent, 3 queued"), every state present. */
export function countStates(statuses: Iterable<SendStatus>): Record<SendState, number> {
	const counts = { queued: 0, sending: 0, sent: 0, failed: 0, unknown: 0 };
	for (const s of statuses) counts[s.state]++;
	return counts;
}
