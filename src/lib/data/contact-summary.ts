/**
 * "Last contacted" and "next step" of a person or organization, derived from its timeline.
 *
 * The timeline's interactions live in monthly partitions, and only recent months are open: a
 * customer last called five months ago must still show that call. So each interaction this
 * device writes also leaves a small entry on the records it links to — key `contact:<id>`,
 * value [occurredAt, nextStep] — and a record keeps its newest few (MAX_ENTRIES). Entries are
 * keys of their own: two people logging calls at once both land, and they merge like any field.
 *
 * Reading trusts the open months over the entries: an interaction whose month is open counts
 * as it is now (edited, unlinked or deleted since), and the entries stand in for closed months.
 *
 * The record also notes each month that holds interactions with it — key `in:<document>`, e.g.
 * `in:interactions.2026-05` — so its timeline opens exactly those months as it is scrolled, not
 * every month of the workspace. Never pruned: a month noted in vain is merely opened in vain.
 */
import * as Y from 'yjs';
import type { Relation } from '$lib/domain/record-types';
import {
	CONTACT_PREFIX,
	IN_PREFIX,
	isDeleted,
	readField,
	readSnapshot,
	type Collection,
	type RecordMap
} from './layout';
import { DERIVED, IMPORT, LOCAL_EDIT } from './origins';

/** Entries a record keeps: the newest, and a few more should it be deleted. */
const MAX_ENTRIES = 3;

export interface LastContact {
	/** When (ms since the epoch). */
	at: number;
	/** The newest interaction's next step ('' when it named none). */
	nextStep: string;
}

type Entry = [at: number, nextStep: string];

/** The entries a record holds, by interaction id (malformed ones, from a buggy peer, skipped). */
export function contactEntries(map: RecordMap): Map<string, Entry> {
	const out = new Map<string, Entry>();
	map.forEach((value, key) => {
		if (!key.startsWith(CONTACT_PREFIX) || !Array.isArray(value)) return;
		const [at, nextStep] = value as unknown[];
		if (typeof at === 'number' && Number.isFinite(at))
			out.set(key.slice(CONTACT_PREFIX.length), [at, typeof nextStep === 'string' ? nextStep : '']);
	});
	return out;
}

/** What a source interaction row holds, as the summary reads it. */
export interface ContactSource {
	id: string;
	occurredAt: number;
	nextStep: string;
}

/**
 * The newest contact of a record: its entries, each replaced by the interaction's row when its
 * month is open (`isOpen`) — or dropped when that row no longer links here — and every open
 * interaction that links here (`sources`). Interactions dated in the future (a planned meeting)
 * are not contacts yet.
 */
export function lastContact(
	map: RecordMap | undefined,
	sources: Iterable<ContactSource>,
	rowOf: (id: string) => ContactSource | undefined,
	isOpen: (id: string) => boolean,
	now: number
): LastContact | null {
	let best: LastContact | null = null;
	let bestId = '';
	// Two at the same moment: the greater id wins, the same on every device.
	const consider = (id: string, at: number, nextStep: string) => {
		if (at > now) return;
		if (!best || at > best.at || (at === best.at && id > bestId)) {
			best = { at, nextStep };
			bestId = id;
		}
	};
	for (const source of sources) consider(source.id, source.occurredAt, source.nextStep);
	if (map)
		for (const [id, [at, nextStep]] of contactEntries(map)) {
			if (isOpen(id)) continue; // counted above if it still links here
			if (!rowOf(id)) consider(id, at, nextStep);
		}
	return best;
}

/**
 * Keeps the entries of this device's own edits (and imports) of interactions: on the records
 * each one links to, and off the records it no longer does (or when it is deleted). Every
 * relation notes its months (a deal's timeline opens them too); those with `lastContact` also
 * leave the contact entry.
 */
export class ContactEntryWriter {
	/** The targets this device last wrote for an interaction (an undo of its creation leaves
	 * nothing to read them from). */
	private readonly written = new Map<string, string[]>();
	private pending = new Map<string, Set<string>>(); // interaction id → old targets
	private scheduled = false;

	constructor(
		private readonly interactions: Collection,
		private readonly relations: readonly { relation: Relation; targets: Collection }[],
		private readonly isOwn: (origin: unknown) => boolean
	) {}

	private readonly observer = (events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction) => {
		if (!this.isOwn(tr.origin)) return;
		for (const event of events) {
			if (this.interactions.isShardMap(event.target)) {
				for (const id of event.changes.keys.keys()) this.note(id, this.written.get(id) ?? []);
				continue;
			}
			if (!(event.target instanceof Y.Map) || !this.interactions.isShardMap(event.target.parent))
				continue;
			const record = event.target as RecordMap;
			const id = record._item?.parentSub;
			if (!id) continue;
			const old: string[] = [...(this.written.get(id) ?? [])];
			for (const { relation } of this.relations) {
				const change = event.changes.keys.get(relation.field);
				if (!change) continue;
				const before =
					change.action === 'add' ? readSnapshot(record)?.[relation.field] : change.oldValue;
				old.push(...asIds(before));
			}
			this.note(id, old);
		}
		if (!this.scheduled && this.pending.size > 0) {
			this.scheduled = true;
			queueMicrotask(() => this.flush());
		}
	};

	attach(): () => void {
		this.interactions.observeDeep(this.observer);
		return () => this.interactions.unobserveDeep(this.observer);
	}

	private note(id: string, oldTargets: string[]): void {
		let set = this.pending.get(id);
		if (!set) this.pending.set(id, (set = new Set()));
		for (const t of oldTargets) set.add(t);
	}

	/** Writes the entries, one DERIVED transaction per touched document. */
	private flush(): void {
		this.scheduled = false;
		const pending = this.pending;
		this.pending = new Map();
		const writtenNow = new Map<string, string[]>();
		for (const { relation, targets } of this.relations) {
			const writes = new Map<
				string,
				{ set: Map<string, Entry>; drop: Set<string>; months: Set<string> }
			>();
			const plan = (target: string) => {
				let w = writes.get(target);
				if (!w) writes.set(target, (w = { set: new Map(), drop: new Set(), months: new Set() }));
				return w;
			};
			for (const [id, oldTargets] of pending) {
				const map = this.interactions.get(id);
				const live = map && !isDeleted(map) ? map : undefined;
				const now = live ? asIds(readField(live, relation.field)) : [];
				const at = live ? readField(live, 'occurredAt') : undefined;
				const nextStep = live ? readField(live, 'nextStep') : '';
				if (typeof at === 'number')
					for (const target of now) {
						if (relation.lastContact)
							plan(target).set.set(id, [at, typeof nextStep === 'string' ? nextStep : '']);
						plan(target).months.add(this.interactions.docNameOf(id));
					}
				// Ids are unique across types: another relation's old targets are simply not found here.
				for (const target of oldTargets) if (!now.includes(target)) plan(target).drop.add(id);
				writtenNow.set(id, [...(writtenNow.get(id) ?? []), ...now]);
			}
			targets.transact(
				writes.keys(),
				(target) => {
					const record = targets.get(target);
					if (!record) return;
					const { set, drop, months } = writes.get(target)!;
					for (const doc of months)
						if (!record.has(IN_PREFIX + doc)) record.set(IN_PREFIX + doc, true);
					for (const id of drop)
						if (record.has(CONTACT_PREFIX + id)) record.delete(CONTACT_PREFIX + id);
					for (const [id, entry] of set) {
						const current = record.get(CONTACT_PREFIX + id) as Entry | undefined;
						if (!current || current[0] !== entry[0] || current[1] !== entry[1])
							record.set(CONTACT_PREFIX + id, entry);
					}
					prune(record);
				},
				DERIVED
			);
		}
		for (const [id, targets] of writtenNow) this.written.set(id, targets);
	}
}

/** The documents (months) a record notes holding interactions with it. */
export function monthsNoted(map: RecordMap | undefined, collection: string): string[] {
	const out: string[] = [];
	map?.forEach((_value, key) => {
		if (key.startsWith(IN_PREFIX + collection + '.')) out.push(key.slice(IN_PREFIX.length));
	});
	return out;
}

/** Keeps the newest MAX_ENTRIES entries of a record. */
function prune(record: RecordMap): void {
	const entries = [...contactEntries(record)].sort((a, b) => b[1][0] - a[1][0]);
	for (const [id] of entries.slice(MAX_ENTRIES)) record.delete(CONTACT_PREFIX + id);
}

function asIds(value: unknown): string[] {
	if (typeof value === 'string') return value ? [value] : [];
	return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && !!v) : [];
}

/** Origins whose interaction edits this device derives entries for. */
export function isOwnInteractionEdit(isUndo: (origin: unknown) => boolean) {
	return (origin: unknown) => origin === LOCAL_EDIT || origin === IMPORT || isUndo(origin);
}
