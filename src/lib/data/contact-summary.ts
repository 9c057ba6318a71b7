/**
 * "Last contacted" and "next step" of a person or organization, derived from its timeline.
 *
 * The timeline's interactions live in monthly partitions, and only recent months are open: a
 * customer last called five months ago must still show that call. So the device writing an
 * interaction also leaves on each record it links to one small value — key `contact`, value
 * [interaction id, occurredAt, nextStep] — when it is that record's newest contact. One key per
 * record (bench: three entries per record and a note per month cost 520 MB at 100k people with
 * 1M interactions; a key costs ~0.5 KB of heap).
 *
 * Reading trusts the open months over the value: an interaction whose month is open counts as
 * it is now (edited, unlinked or deleted since), and the value stands in for a closed month.
 * Two people logging calls with one customer at once: both write, the last writer wins, and
 * while those months are open (three months) the rows give the right answer anyway.
 */
import * as Y from 'yjs';
import type { Relation } from '$lib/domain/record-types';
import {
	CONTACT_KEY,
	isDeleted,
	readField,
	readSnapshot,
	type Collection,
	type RecordMap,
	type StoredRecord
} from './layout';
import { unsettledMap } from './settled-records';
import { DERIVED, IMPORT, LOCAL_EDIT } from './origins';

export interface LastContact {
	/** When (ms since the epoch). */
	at: number;
	/** The newest interaction's next step ('' when it named none). */
	nextStep: string;
}

/** What a source interaction row holds, as the summary reads it. */
export interface ContactSource {
	id: string;
	occurredAt: number;
	nextStep: string;
}

/** The value a record holds, or null (none, or malformed from a buggy peer). */
export function contactEntry(record: StoredRecord | undefined): ContactSource | null {
	// A settled record has no contact: one with a contact is not settled (settled-records.ts).
	const value = record instanceof Y.Map ? record.get(CONTACT_KEY) : undefined;
	if (!Array.isArray(value)) return null;
	const [id, at, nextStep] = value as unknown[];
	if (typeof id !== 'string' || typeof at !== 'number' || !Number.isFinite(at)) return null;
	return { id, occurredAt: at, nextStep: typeof nextStep === 'string' ? nextStep : '' };
}

/** Whether `a` is a newer contact than `b`: later, or at the same moment the greater id. */
function newer(a: ContactSource, b: ContactSource | null): boolean {
	return !b || a.occurredAt > b.occurredAt || (a.occurredAt === b.occurredAt && a.id > b.id);
}

/**
 * The newest contact of a record: every open interaction that links here (`sources`), and the
 * record's value when its interaction's month is closed (`isOpen`: when open, the rows say
 * whether it still links here). Interactions dated in the future (a planned meeting) are not
 * contacts yet.
 */
export function lastContact(
	map: StoredRecord | undefined,
	sources: Iterable<ContactSource>,
	isOpen: (id: string) => boolean,
	now: number
): LastContact | null {
	let best: ContactSource | null = null;
	for (const source of sources) if (source.occurredAt <= now && newer(source, best)) best = source;
	const entry = contactEntry(map);
	if (entry && !isOpen(entry.id) && entry.occurredAt <= now && newer(entry, best)) best = entry;
	return best && { at: best.occurredAt, nextStep: best.nextStep };
}

/**
 * Keeps the value of this device's own edits (and imports) of interactions: written on the
 * records an interaction links to when it is their newest, and put right on the records whose
 * value names an interaction that no longer links there (or was deleted): their newest open one
 * (`bestOpen`) then, or none.
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
		private readonly isOwn: (origin: unknown) => boolean,
		/** The newest open interaction linking to `target` through `relation`, but `except`. */
		private readonly bestOpen: (
			relation: Relation,
			target: string,
			except: string
		) => ContactSource | null,
		private readonly now: () => number = Date.now
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

	/** Writes the values, one DERIVED transaction per touched document. */
	private flush(): void {
		this.scheduled = false;
		const pending = this.pending;
		this.pending = new Map();
		const writtenNow = new Map<string, string[]>();
		const now = this.now();
		for (const { relation, targets } of this.relations) {
			/** Per target: the interactions to weigh as its newest, and those that left it. */
			const plans = new Map<string, { candidates: ContactSource[]; left: Set<string> }>();
			const plan = (target: string) => {
				let p = plans.get(target);
				if (!p) plans.set(target, (p = { candidates: [], left: new Set() }));
				return p;
			};
			for (const [id, oldTargets] of pending) {
				const map = this.interactions.get(id);
				const live = map && !isDeleted(map) ? map : undefined;
				const linked = live ? asIds(readField(live, relation.field)) : [];
				const at = live ? readField(live, 'occurredAt') : undefined;
				const nextStep = live ? readField(live, 'nextStep') : '';
				const source: ContactSource | null =
					typeof at === 'number' && at <= now
						? { id, occurredAt: at, nextStep: typeof nextStep === 'string' ? nextStep : '' }
						: null;
				for (const target of linked)
					if (source) plan(target).candidates.push(source);
					else plan(target).left.add(id); // dated ahead: not a contact (yet)
				// Ids are unique across types: another relation's old targets are simply not found here.
				for (const target of oldTargets) if (!linked.includes(target)) plan(target).left.add(id);
				writtenNow.set(id, [...(writtenNow.get(id) ?? []), ...linked]);
			}
			if (!relation.lastContact) continue;
			targets.transact(
				plans.keys(),
				(target) => {
					const record = targets.get(target);
					if (!record) return;
					const { candidates, left } = plans.get(target)!;
					let best = contactEntry(record);
					// Its interaction left, or changed (perhaps to an earlier date): weigh afresh.
					if (best && (left.has(best.id) || candidates.some((c) => c.id === best!.id)))
						best = this.bestOpen(relation, target, best.id);
					for (const c of candidates) if (newer(c, best)) best = c;
					if (typeof record !== 'string') write(record, best);
					else if (best) write(unsettledMap(targets, target)!, best); // none to remove
				},
				DERIVED
			);
		}
		for (const [id, targets] of writtenNow) this.written.set(id, targets);
	}
}

/** Sets the record's value (only when it changes), or removes it. */
function write(record: RecordMap, value: ContactSource | null): void {
	const current = contactEntry(record);
	if (!value) {
		if (record.has(CONTACT_KEY)) record.delete(CONTACT_KEY);
		return;
	}
	if (
		current?.id === value.id &&
		current.occurredAt === value.occurredAt &&
		current.nextStep === value.nextStep
	)
		return;
	record.set(CONTACT_KEY, [value.id, value.occurredAt, value.nextStep]);
}

function asIds(value: unknown): string[] {
	if (typeof value === 'string') return value ? [value] : [];
	return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && !!v) : [];
}

/** Origins whose interaction edits this device derives values for. */
export function isOwnInteractionEdit(isUndo: (origin: unknown) => boolean) {
	return (origin: unknown) => origin === LOCAL_EDIT || origin === IMPORT || isUndo(origin);
}
