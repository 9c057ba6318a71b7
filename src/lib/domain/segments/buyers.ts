/**
 * "Who bought it in the period", found once for a segment's whole pass instead of once per
 * row: a row's test is then one lookup in a Set rather than finding their purchases, a binary
 * search and a walk. Finding them reads every customer's purchases (~70 ms at 100k customers
 * and 1M lines), so a compiled test asks for it only once many rows reached it
 * (compile-derived.ts), and answers are kept: until the question changes, and across changes
 * of the purchases — the customers a recomputation names (`changed`) are tested again, in every
 * kept answer, instead of everyone.
 */
import type { BuyersQuery } from './context';
import { boughtWithin } from './compile-derived';
import type { BoughtLine } from './derived';

/** How many answers are kept (a builder shows a few purchase conditions at a time). */
const KEEP = 8;
/** More changed customers than this and the answers are found anew (a first computation). */
const PATCH_LIMIT = 5_000;

export interface BuyersFinder {
	/**
	 * The ids of everyone who bought it in [from, to]. `find` false: only an answer kept (still
	 * right), else undefined.
	 */
	(q: BuyersQuery, find?: boolean): ReadonlySet<string> | undefined;
	/** After `version` moved: the customers whose purchases changed (empty: nobody's). */
	changed(ids: ReadonlySet<string>): void;
}

export function buyersFinder(
	/** Every customer's purchases, oldest first. */
	all: () => Iterable<readonly [string, readonly BoughtLine[]]>,
	/** Changes whenever any customer's purchases may have. */
	version: () => number,
	/** One customer's purchases (needed to patch answers from `changed`). */
	linesOf?: (id: string) => readonly BoughtLine[] | undefined
): BuyersFinder {
	const kept = new Map<string, { q: BuyersQuery; ids: Set<string> }>();
	let keptVersion = NaN;
	/** The customers changed since keptVersion, as of version `toldAt`; null: too many. */
	let pending: Set<string> | null = new Set();
	let toldAt = NaN;

	function current(): void {
		const v = version();
		if (v === keptVersion) return;
		// Patched only when every move of the version since was told, with its customers.
		if (pending && linesOf && toldAt === v)
			for (const { q, ids } of kept.values())
				for (const id of pending) {
					if (boughtWithin(linesOf(id) ?? [], q.from, q.to, q.productId, q.category)) ids.add(id);
					else ids.delete(id);
				}
		else kept.clear();
		keptVersion = v;
		pending = new Set();
	}

	const finder = ((q: BuyersQuery, find = true) => {
		current();
		const key = JSON.stringify([q.productId, q.category, q.from, q.to]);
		const hit = kept.get(key);
		if (hit || !find) return hit?.ids;
		const ids = new Set<string>();
		for (const [id, lines] of all())
			if (boughtWithin(lines, q.from, q.to, q.productId, q.category)) ids.add(id);
		if (kept.size >= KEEP) kept.delete(kept.keys().next().value!);
		kept.set(key, { q, ids });
		return ids;
	}) as BuyersFinder;
	finder.changed = (ids) => {
		toldAt = version();
		if (!pending) return;
		for (const id of ids) pending.add(id);
		if (pending.size > PATCH_LIMIT) pending = null;
	};
	return finder;
}
