/**
 * A campaign's outbox document, `campaign-outbox.<campaignId>` (the contract with the relay,
 * whose values domain/campaigns/outbox.ts encodes and checks for both sides): the send request, every recipient's rendered message and
 * the people left out, written once by the device that sends; the relay's per-recipient status;
 * the responses people record. It opens only on demand (shards.ts, isOnDemandDoc) — while a
 * campaign's page or the results hold it — and is listed in the directory when written, so
 * the relay and every device find it. Values are validated on read (domain/campaigns/outbox).
 */
import type * as Y from 'yjs';
import {
	encode,
	readEntries,
	readExcluded,
	readMessage,
	readRequest,
	readResponse,
	readStatus,
	type CampaignResponse,
	type OutboxMessage,
	type ResponseKind,
	type SendRequest,
	type SendStatus
} from '$lib/domain/campaigns/outbox';
import type { ExclusionReason } from '$lib/domain/campaigns/recipients';
import { LOCAL_EDIT } from './origins';
import type { Workspace } from './workspace.svelte';
import { subscriberOf } from './y-subscriber';

export const OUTBOX_FAMILY = 'campaign-outbox';

/** The document's name; a campaign id is 32 hex digits, so it fits a document name. */
export function outboxDocName(campaignId: string): string {
	return `${OUTBOX_FAMILY}.${campaignId}`;
}

type Read<T> = { values: Map<string, T>; skipped: string[] };

/** One map's entries, read once per change (10,000 messages are not parsed per access). */
class ReadMap<T> {
	private cache: Read<T> | null = null;
	private readonly subscribe: () => void;

	constructor(
		readonly map: Y.Map<unknown>,
		private readonly readOne: (raw: unknown) => T | null
	) {
		this.subscribe = subscriberOf(map, false);
		map.observe(() => (this.cache = null));
	}

	get read(): Read<T> {
		this.subscribe();
		return (this.cache ??= readEntries(this.map.entries(), this.readOne));
	}
}

export class CampaignOutbox {
	readonly name: string;
	private readonly doc: Y.Doc;
	private readonly letGo: () => void;
	private readonly sendMap: ReadMap<SendRequest>;
	private readonly messageMap: ReadMap<OutboxMessage>;
	private readonly excludedMap: ReadMap<{ reason: ExclusionReason }>;
	private readonly statusMap: ReadMap<SendStatus>;
	private readonly responseMap: ReadMap<CampaignResponse>;

	constructor(
		private readonly ws: Workspace,
		campaignId: string
	) {
		this.name = outboxDocName(campaignId);
		// Held, not just opened: the results and a campaign's page may hold it at once.
		this.letGo = ws.holdMonths([this.name]);
		this.doc = ws.docs.get(this.name)!;
		this.sendMap = new ReadMap(this.doc.getMap('send'), readRequest);
		this.messageMap = new ReadMap(this.doc.getMap('messages'), readMessage);
		this.excludedMap = new ReadMap(this.doc.getMap('excluded'), readExcluded);
		this.statusMap = new ReadMap(this.doc.getMap('status'), readStatus);
		this.responseMap = new ReadMap(this.doc.getMap('responses'), readResponse);
	}

	/** The send request, or null: not sent (reactive). */
	get request(): SendRequest | null {
		return this.sendMap.read.values.get('request') ?? null;
	}

	get messages(): Read<OutboxMessage> {
		return this.messageMap.read;
	}

	get excluded(): Read<{ reason: ExclusionReason }> {
		return this.excludedMap.read;
	}

	/** The relay's per-recipient status (reactive). */
	get statuses(): Read<SendStatus> {
		return this.statusMap.read;
	}

	get responses(): Read<CampaignResponse> {
		return this.responseMap.read;
	}

	/**
	 * Writes the send: messages and the left out first, the request last, in one transaction
	 * (a letter campaign has no request: the relay sends nothing, the letters are printed),
	 * and lists the document so the relay and other devices find it. Offline, it stays on the
	 * device and leaves with the next sync. A second send is refused here too.
	 */
	send(
		request: SendRequest | null,
		messages: ReadonlyMap<string, OutboxMessage>,
		excluded: ReadonlyMap<string, ExclusionReason>
	): void {
		if (this.sendMap.map.has('request') || this.messageMap.map.size > 0)
			throw new Error('This campaign was sent already.');
		this.ws.docs.ensure(this.name);
		this.doc.transact(() => {
			for (const [id, m] of messages) this.messageMap.map.set(id, encode(m));
			for (const [id, reason] of excluded) this.excludedMap.map.set(id, encode({ reason }));
			if (request) this.sendMap.map.set('request', encode(request));
		}, LOCAL_EDIT);
	}

	/** Records (or with null, clears) a recipient's response. */
	respond(personId: string, kind: ResponseKind | null): void {
		this.ws.docs.ensure(this.name);
		this.doc.transact(() => {
			if (kind === null) this.responseMap.map.delete(personId);
			else this.responseMap.map.set(personId, encode({ kind, at: Date.now(), by: this.ws.me }));
		}, LOCAL_EDIT);
	}

	/** Lets go of the document (it closes unless another holder keeps it open). */
	release(): void {
		this.letGo();
	}
}
