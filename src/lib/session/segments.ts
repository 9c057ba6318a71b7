/**
 * Segments of people for ui/ and routes/: the saved segments (data/saved-segments.ts), a saved
 * segment's members kept live (segmentMembers: the people list, export, and later campaigns
 * and dashboards read them), and the builder's live preview.
 */
import { ChangeSignal } from '$lib/data/change-signal';
import { savedSegmentsOf } from '$lib/data/saved-segments';
import type { Workspace } from '$lib/data/workspace.svelte';
import { person, type PersonRow } from '$lib/domain/record-types';
import type { SegmentContext } from '$lib/domain/segments/context';
import type { SegmentDef } from '$lib/domain/segments/definition';
import { compileSegment } from '$lib/domain/segments/compile';
import { SegmentMembership } from '$lib/domain/segments/membership';
import { NarrowingEvaluator } from '$lib/domain/segments/narrowing';
import { PERSON_SEGMENT_FIELDS } from '$lib/domain/segments/person-fields';
import { personFacts, personSegmentContext } from './segment-facts';

export {
	savedSegmentsOf,
	type SavedSegments,
	type SavedSegment,
	type BrokenSegment
} from '$lib/data/saved-segments';
export { PERSON_SEGMENT_FIELDS };

/**
 * "Now" for segments, to the minute: "within the last N days" moves on a coarse tick rather
 * than with every evaluation (which would also defeat narrowing while typing). Rounded up, so
 * an order placed or an edit made this minute is not after "now".
 */
const TICK_MS = 60_000;
function coarseNow(): number {
	return Math.ceil(Date.now() / TICK_MS) * TICK_MS;
}

/**
 * A saved segment's members, kept from change events (reactive through `ids`). Built before
 * the device's copy has loaded (from cached rows, or none, and maybe before the segment itself
 * arrived), they are built again once the open finishes: the rows going live unchanged send no
 * event that would re-test them.
 */
export class SegmentMembers {
	/** Readers run again when members change (made by its first reader: see ChangeSignal). */
	readonly #changes = new ChangeSignal();
	#membership: SegmentMembership<PersonRow> | null = null;
	/** Whether the membership was built from the live rows (after the open finished). */
	#builtLoaded = false;
	#defJson = '';
	#ctx: SegmentContext | null = null;
	readonly #stops: (() => void)[] = [];

	constructor(
		private readonly ws: Workspace,
		readonly id: string
	) {
		// Made first, so its observer forgets its cache before onSaved below reads from it (read
		// stale, a segment arriving with the core looked missing and its members stayed empty).
		savedSegmentsOf(ws);
		const live = ws.live(person);
		this.#stops.push(
			personFacts(ws).onChange((ids) => {
				const m = this.#membership;
				if (!m) return;
				if (ids.size === 0) this.#reset();
				else if (m.update(ids, (i) => live.row(i))) this.#changes.changed();
			})
		);
		const tick = setInterval(() => this.#membership && this.#reset(), TICK_MS);
		this.#stops.push(() => clearInterval(tick));
		const onSaved = () => {
			const def = savedSegmentsOf(ws).get(id)?.def;
			if (this.#membership && JSON.stringify(def) !== this.#defJson) this.#reset();
		};
		ws.layout.segments.observe(onSaved);
		this.#stops.push(() => ws.layout.segments.unobserve(onSaved));
		ws.docs.core.once('destroy', () => this.stop());
	}

	/** `tell`: tell the readers — not when a reader's first read builds it (a
	 * $derived may not write state). */
	#reset(tell = true): void {
		const def = savedSegmentsOf(this.ws).get(this.id)?.def;
		this.#defJson = JSON.stringify(def);
		this.#builtLoaded = this.ws.loaded;
		this.#ctx = personSegmentContext(this.ws, PERSON_SEGMENT_FIELDS, coarseNow());
		// A segment deleted meanwhile has no members.
		const test = def ? compileSegment(def, this.#ctx) : () => false;
		const rows = this.ws.live(person).rows;
		if (this.#membership) this.#membership.reset(test, rows);
		else this.#membership = new SegmentMembership(test, rows);
		if (tell) this.#changes.changed();
	}

	/** The members' ids (reactive). */
	get ids(): ReadonlySet<string> {
		this.#changes.track();
		// `loaded` is reactive: readers (who look members up with live.row(), empty until then)
		// read again when the open finishes, and the membership is built again from live rows.
		if (!this.#membership || (this.ws.loaded && !this.#builtLoaded)) this.#reset(false);
		return (this.#membership as SegmentMembership<PersonRow>).members;
	}

	get count(): number {
		return this.ids.size;
	}

	/** Whether the segment still exists (reactive). */
	get exists(): boolean {
		return savedSegmentsOf(this.ws).get(this.id) !== undefined;
	}

	stop(): void {
		for (const s of this.#stops.splice(0)) s();
	}
}

const members = new WeakMap<Workspace, Map<string, SegmentMembers>>();

/** A saved segment's members, live (one keeper per segment and workspace, made on first use). */
export function segmentMembers(ws: Workspace, id: string): SegmentMembers {
	let byId = members.get(ws);
	if (!byId) members.set(ws, (byId = new Map()));
	let m = byId.get(id);
	if (!m) byId.set(id, (m = new SegmentMembers(ws, id)));
	return m;
}

/** The builder's live preview: the count and the first rows of a definition being edited. */
export class SegmentPreview {
	readonly #live = new NarrowingEvaluator<PersonRow>();
	#ctx: SegmentContext | null = null;

	constructor(private readonly ws: Workspace) {}

	/**
	 * Whether purchase and interaction conditions can be answered yet: null when they can,
	 * else why not (still computing, or the purchases worker failed). Reactive.
	 */
	get purchasesProblem(): string | null {
		const p = personFacts(this.ws).purchases;
		if (p.error) return p.error;
		return p.ready
			? null
			: 'Buying patterns are still being computed: purchase conditions match nobody yet.';
	}

	/** The people the definition matches, in list order (reactive: rows, facts, definitions). */
	evaluate(def: SegmentDef): PersonRow[] {
		const rows = this.ws.live(person).rows;
		const facts = personFacts(this.ws);
		// Purchases' version is reactive; `changes` also counts tasks and deals.
		const version = facts.purchases.version + facts.changes;
		const now = coarseNow();
		const customFields = this.ws.customFields.forEntity('person');
		if (!this.#ctx || this.#ctx.now !== now || this.#ctx.customFields !== customFields)
			this.#ctx = personSegmentContext(this.ws, PERSON_SEGMENT_FIELDS, now, true);
		return this.#live.evaluate(rows, def, this.#ctx, version);
	}
}
