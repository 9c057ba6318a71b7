/**
 * The records a record’s page lists beside it (a person's deals, requests and interactions, an
 * organization's people, deals and requests), read from the relation indexes: a page opened
 * reads the few rows that point at it, never filters every deal or all 100,000 people (a
 * whole-collection pass on each open, and again on each change of any row of the type).
 *
 * Reactive to those rows only: `ws.linked` subscribes to every row of the type, so a person's
 * page re-read (and its timeline re-sorted) its entries on each interaction logged anywhere in
 * the workspace. These re-read when a row of theirs changes, one joins or leaves them, the
 * workspace finishes loading (its indexes are whole then), or the type says "read again".
 */
import { untrack } from 'svelte';
import { createSubscriber } from 'svelte/reactivity';
import type { Workspace } from '$lib/data/workspace.svelte';
import {
	RELATIONS,
	deal,
	interaction,
	person,
	request,
	type AnyRecordType
} from '$lib/domain/record-types';
import type { DealRow, InteractionRow, PersonRow, RequestRow } from '$lib/domain/record-types';

/** Any declared type (ws.live and ws.linked infer a type's fields and row from it). */
type Linkable = AnyRecordType;

/** Subscribers by workspace and key, shared by every reader of the same rows or record. */
const subscribers = new WeakMap<Workspace, Map<string, () => void>>();

/** Makes the calling effect or derived re-run when `listen` says so (and once loaded). */
function subscribe(ws: Workspace, key: string, listen: (update: () => void) => () => void): void {
	void ws.loaded; // the indexes are whole once the workspace has loaded
	let byKey = subscribers.get(ws);
	if (!byKey) subscribers.set(ws, (byKey = new Map()));
	let subscriber = byKey.get(key);
	if (!subscriber) {
		const map = byKey;
		subscriber = createSubscriber((update) => {
			const stop = listen(update);
			return () => {
				stop();
				map.delete(key);
			};
		});
		byKey.set(key, subscriber);
	}
	subscriber();
}

function relationOf(type: Linkable, field: string) {
	const relation = RELATIONS.find((r) => r.from.name === type.name && r.field === field);
	if (!relation) throw new Error(`${type.name}.${field} is not a declared relation`);
	return relation;
}

/**
 * Calls `update` when the rows of `type` linked to `target` through `field` change: a row of
 * theirs changes, one joins or leaves them, or many rows of the type change at once.
 */
export function onLinkedChange(
	ws: Workspace,
	type: Linkable,
	field: string,
	target: string,
	update: () => void
): () => void {
	const relation = relationOf(type, field);
	// A copy: the index's set changes in place, and a row leaving must still be seen.
	let ours = new Set(ws.sourcesOf(relation, target));
	return onChanged(ws.live(type as never), update, (ids) => {
		const now = ws.sourcesOf(relation, target);
		for (const id of ids)
			if (ours.has(id) || now.has(id)) {
				ours = new Set(now);
				return true;
			}
		return false;
	});
}

/** Calls `update` when the record `id` of `type` changes (or many of the type at once). */
export function onRecordChange(
	ws: Workspace,
	type: AnyRecordType,
	id: string,
	update: () => void
): () => void {
	return onChanged(ws.live(type as never), update, (ids) => ids.has(id));
}

/** Changed rows past which a reader reads again without looking which (one listener per
 * person of an organization's timeline looks at each). */
const MANY = 256;

/**
 * Listens to a type's row changes; `update` once per task at most, after the change's other
 * microtasks, as the type tells its own readers (an edit goes to the relay before a re-render).
 * An empty set of ids means "read again" (counts, cached rows shown).
 */
function onChanged(
	live: { onChange(listener: (ids: Set<string>) => void): () => void },
	update: () => void,
	concerns: (ids: Set<string>) => boolean
): () => void {
	let queued = false;
	let stopped = false;
	const stop = live.onChange((ids) => {
		// Many at once (a month opened, the rows started): read again, as every reader does.
		if (queued || !(ids.size === 0 || ids.size > MANY || concerns(ids))) return;
		queued = true;
		queueMicrotask(() => {
			queued = false;
			if (!stopped) update();
		});
	});
	return () => {
		stopped = true;
		stop();
	};
}

/** The rows of `type` linked to `target` (in no order); reactive to those rows only. */
export function linkedRows<R extends { id: string }>(
	ws: Workspace,
	type: Linkable,
	field: string,
	target: string
): R[] {
	subscribe(ws, `${type.name}\u0000${field}\u0000${target}`, (update) =>
		onLinkedChange(ws, type, field, target, update)
	);
	return untrack(() => ws.linked(type as never, field as never, target)) as unknown as R[];
}

/**
 * Reads `read` (one record of `type`: its fields, files, notes) so that it runs again when that
 * record changes, not on each change of any record of the type.
 */
export function ofRecord<T>(ws: Workspace, type: AnyRecordType, id: string, read: () => T): T {
	subscribe(ws, `${type.name}\u0000${id}`, (update) => onRecordChange(ws, type, id, update));
	return untrack(read);
}

/** Deals with the person as their contact or among the people involved, each once. */
export function dealsOfPerson(ws: Workspace, id: string): DealRow[] {
	const contact = linkedRows<DealRow>(ws, deal, 'personId', id);
	const ids = new Set(contact.map((d) => d.id));
	return [
		...contact,
		...linkedRows<DealRow>(ws, deal, 'peopleIds', id).filter((d) => !ids.has(d.id))
	];
}

export function requestsOfPerson(ws: Workspace, id: string): RequestRow[] {
	return linkedRows(ws, request, 'requesterId', id);
}

export function peopleOfOrganization(ws: Workspace, id: string): PersonRow[] {
	return linkedRows(ws, person, 'organizationId', id);
}

export function dealsOfOrganization(ws: Workspace, id: string): DealRow[] {
	return linkedRows(ws, deal, 'organizationId', id);
}

export function requestsOfOrganization(ws: Workspace, id: string): RequestRow[] {
	return linkedRows(ws, request, 'organizationId', id);
}

/** A record's interactions through `field` (a person's, an organization's, a deal's). */
export function interactionsOf(
	ws: Workspace,
	field: 'personIds' | 'organizationId' | 'dealId' | 'requestId',
	id: string
): InteractionRow[] {
	return linkedRows(ws, interaction, field, id);
}
