/**
 * The board's deals kept in order, per pipeline and stage, and patched one changed deal at a
 * time: a card moved (or a teammate's edit) takes the deal out of its sorted list and puts it
 * back by binary search, instead of filtering, grouping and sorting all 22,000 deals again
 * (~20 ms a move, and the first show of every visit sorted the 20,000 closed ones again).
 * Lists are replaced, never changed in place, and a column whose deals did not change is the
 * same object as before: the page redraws only the columns a change touched.
 */
import {
	byClose,
	matches,
	monthOf,
	totals,
	type BoardColumn,
	type BoardDeal,
	type BoardFilters
} from './board';
import { DEFAULT_PIPELINE_ID, type Pipeline, type Stage } from './pipeline';

/** What the index needs of a deal: the board's fields and its organization's name. */
export interface IndexedDeal extends BoardDeal {
	organizationName: string;
}

/** What the filter bar offers: close months ('YYYY-MM', in order), organizations by name. */
export interface BoardOptions {
	months: string[];
	organizations: { id: string; name: string }[];
}

/** The key of a deal's own pipeline: '' for none. */
const keyOf = (d: BoardDeal) => d.pipelineId ?? '';
const EMPTY: never[] = [];
const DAY = 86_400_000;

/** How many of each value (month, organization) a pipeline's deals have. */
type Counts = Map<string, number>;

/** Adds `by` to a key's count; records in `toggled` a key that came or went (twice: neither). */
function bump(counts: Counts, key: string, by: number, toggled: Set<string>): void {
	const n = (counts.get(key) ?? 0) + by;
	if (n > 0) counts.set(key, n);
	else counts.delete(key);
	if (n === 0 || (by > 0 && n === by)) {
		if (!toggled.delete(key)) toggled.add(key);
	}
}

/** Where `d` is, or goes, in a list in byClose order. */
function indexOf<T extends BoardDeal>(list: readonly T[], d: T): number {
	let lo = 0;
	let hi = list.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (byClose(list[mid], d) < 0) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** Sorted lists merged into one (deals of a removed pipeline shown in the default one). */
function merged<T extends BoardDeal>(lists: readonly (readonly T[])[]): readonly T[] {
	const some = lists.filter((l) => l.length > 0);
	if (some.length <= 1) return some[0] ?? EMPTY;
	return some.flat().sort(byClose);
}

export class BoardIndex<T extends IndexedDeal> {
	/** Pipeline key → stage id → deals in byClose order. */
	#lists = new Map<string, Map<string, readonly T[]>>();
	#rows = new Map<string, T>();
	#months = new Map<string, Counts>();
	#organizations = new Map<string, Counts>();
	#organizationNames = new Map<string, string>();
	/** Bumped when the months or organizations offered (or a name) change. */
	#optionsVersion = 0;
	#monthOfDay = new Map<number, string>();
	#columns = new Map<string, BoardColumn<T>>();
	#totals = new WeakMap<readonly T[], BoardColumn<T>['totals']>();
	#filtered = new WeakMap<readonly T[], { filters: BoardFilters; deals: T[] }>();
	#merged = new Map<string, { parts: readonly (readonly T[])[]; deals: readonly T[] }>();
	/** Per board (its pipeline keys): the options as of a version. */
	#options = new Map<string, { version: number; value: BoardOptions }>();

	constructor(deals: Iterable<T> = []) {
		this.reset(deals);
	}

	/** Every deal indexed again (a new workspace load, an import): one sort per list. */
	reset(deals: Iterable<T>): void {
		const grouped = new Map<string, Map<string, T[]>>();
		this.#rows.clear();
		this.#months.clear();
		this.#organizations.clear();
		this.#organizationNames.clear();
		for (const d of deals) {
			this.#rows.set(d.id, d);
			const key = keyOf(d);
			let stages = grouped.get(key);
			if (!stages) grouped.set(key, (stages = new Map()));
			const list = stages.get(d.stage);
			if (list) list.push(d);
			else stages.set(d.stage, [d]);
			this.#count(d, 1, new Set());
		}
		this.#lists = new Map(
			[...grouped].map(([key, stages]) => [
				key,
				new Map([...stages].map(([stage, list]) => [stage, list.sort(byClose)]))
			])
		);
		this.#optionsVersion++;
	}

	row(id: string): T | undefined {
		return this.#rows.get(id);
	}

	/** A deal changed (or, with undefined, was removed): out of its old place, into its new one. */
	put(id: string, deal: T | undefined): void {
		const old = this.#rows.get(id);
		if (old === deal) return;
		// Keys are per pipeline: a month key and an organization key never collide (ids vs 'YYYY-MM').
		const toggled = new Set<string>();
		let renamed = false;
		if (old) {
			this.#rows.delete(id);
			this.#count(old, -1, toggled);
			const stages = this.#lists.get(keyOf(old))!;
			const list = stages.get(old.stage)!;
			let at = indexOf(list, old);
			if (list[at] !== old) at = list.indexOf(old); // never expected: the order is total
			const next = list.slice();
			next.splice(at, 1);
			stages.set(old.stage, next);
		}
		if (deal) {
			this.#rows.set(id, deal);
			renamed = this.#count(deal, 1, toggled);
			let stages = this.#lists.get(keyOf(deal));
			if (!stages) this.#lists.set(keyOf(deal), (stages = new Map()));
			const next = (stages.get(deal.stage) ?? EMPTY).slice();
			next.splice(indexOf(next, deal), 0, deal);
			stages.set(deal.stage, next);
		}
		if (renamed || toggled.size > 0) this.#optionsVersion++;
	}

	/**
	 * Counts a deal's month and organization in or out; whether a name changed. `toggled` gets
	 * the keys that came or went, so a move (out, then in again) changes nothing offered.
	 */
	#count(d: T, by: number, toggled: Set<string>): boolean {
		const key = keyOf(d);
		let months = this.#months.get(key);
		if (!months) this.#months.set(key, (months = new Map()));
		if (d.expectedCloseAt !== null) bump(months, this.#month(d.expectedCloseAt), by, toggled);
		if (!d.organizationId) return false;
		let orgs = this.#organizations.get(key);
		if (!orgs) this.#organizations.set(key, (orgs = new Map()));
		bump(orgs, d.organizationId, by, toggled);
		const name = d.organizationName || 'Unnamed';
		if (by < 0 || this.#organizationNames.get(d.organizationId) === name) return false;
		this.#organizationNames.set(d.organizationId, name);
		return true;
	}

	/** The month of a close date, one toISOString per distinct day. */
	#month(at: number): string {
		const day = Math.floor(at / DAY);
		let month = this.#monthOfDay.get(day);
		if (month === undefined) this.#monthOfDay.set(day, (month = monthOf(day * DAY)));
		return month;
	}

	/** The pipeline keys whose deals show on `pipeline`'s board (see inPipeline). */
	#sources(pipeline: Pipeline, known: ReadonlySet<string>): string[] {
		if (pipeline.id !== DEFAULT_PIPELINE_ID) return [pipeline.id];
		return [...this.#lists.keys()].filter((k) => k === pipeline.id || k === '' || !known.has(k));
	}

	/** A stage's deals over the sources, merged when more than one has some. */
	#stageDeals(sources: string[], stageIds: string[], cacheKey: string): readonly T[] {
		const parts: (readonly T[])[] = [];
		for (const s of sources)
			for (const id of stageIds) {
				const list = this.#lists.get(s)?.get(id);
				if (list && list.length > 0) parts.push(list);
			}
		if (parts.length <= 1) return parts[0] ?? EMPTY;
		const last = this.#merged.get(cacheKey);
		if (last && last.parts.length === parts.length && last.parts.every((p, i) => p === parts[i]))
			return last.deals;
		const deals = merged(parts);
		this.#merged.set(cacheKey, { parts, deals });
		return deals;
	}

	#filteredDeals(deals: readonly T[], filters: BoardFilters): T[] {
		const noFilter = !filters.ownerId && !filters.organizationId && !filters.closeMonth;
		if (noFilter) return deals as T[];
		const last = this.#filtered.get(deals);
		if (last?.filters === filters) return last.deals;
		const out = deals.filter((d) => matches(d, filters));
		this.#filtered.set(deals, { filters, deals: out });
		return out;
	}

	/** The column of `deals`: the same object as last time when its stage and deals are. */
	#column(key: string, stage: Stage | null, deals: T[]): BoardColumn<T> {
		const last = this.#columns.get(key);
		if (last && last.stage === stage && last.deals === deals) return last;
		let sums = this.#totals.get(deals);
		if (!sums) this.#totals.set(deals, (sums = totals(deals)));
		const column = { stage, deals, totals: sums };
		this.#columns.set(key, column);
		return column;
	}

	/** As boardColumns(pipeline, known, every deal, filters), from the kept lists. */
	columns(pipeline: Pipeline, known: ReadonlySet<string>, filters: BoardFilters): BoardColumn<T>[] {
		const sources = this.#sources(pipeline, known);
		const columns = pipeline.stages.map((stage) => {
			const key = `${pipeline.id}/${stage.id}`;
			const deals = this.#stageDeals(sources, [stage.id], key);
			return this.#column(key, stage, this.#filteredDeals(deals, filters));
		});
		const ids = new Set(pipeline.stages.map((s) => s.id));
		const others = new Set<string>();
		for (const s of sources)
			for (const [id, list] of this.#lists.get(s) ?? [])
				if (!ids.has(id) && list.length > 0) others.add(id);
		if (others.size > 0) {
			const key = `${pipeline.id}/`;
			const deals = this.#filteredDeals(this.#stageDeals(sources, [...others], key), filters);
			if (deals.length > 0) columns.push(this.#column(key, null, deals));
		}
		return columns;
	}

	/** The close months and organizations the board's deals have; the same object until they change. */
	options(pipeline: Pipeline, known: ReadonlySet<string>): BoardOptions {
		const sources = this.#sources(pipeline, known);
		const key = sources.join('\n');
		const last = this.#options.get(key);
		if (last && last.version === this.#optionsVersion) return last.value;
		const months = new Set<string>();
		const orgs = new Set<string>();
		for (const s of sources) {
			for (const m of this.#months.get(s)?.keys() ?? []) months.add(m);
			for (const o of this.#organizations.get(s)?.keys() ?? []) orgs.add(o);
		}
		const names = new Intl.Collator();
		const value = {
			months: [...months].sort(),
			organizations: [...orgs]
				.map((id) => ({ id, name: this.#organizationNames.get(id) ?? 'Unnamed' }))
				.sort((a, b) => names.compare(a.name, b.name))
		};
		this.#options.set(key, { version: this.#optionsVersion, value });
		return value;
	}
}
