/**
 * "Who bought it in the period", found once for a segment's whole pass instead of once per
 * row: a row's test is then one lookup in a Set rather than finding their purchases, a binary
 * search and a walk (at 100k people that walk was most of a purchase condition's time). The
 * answer is kept until the purchases change (`version`) or the question does, so the live
 * count re-run per keystroke, or a minute's evaluations, find it ready.
 */
import type { BuyersQuery } from './context';
import { boughtWithin } from './compile-derived';
import type { BoughtLine } from './derived';

/** How many answers are kept (a builder shows a few purchase conditions at a time). */
const KEEP = 8;

export function buyersFinder(
	/** Every customer's purchases, oldest first. */
	all: () => Iterable<readonly [string, readonly BoughtLine[]]>,
	/** Changes whenever any customer's purchases may have. */
	version: () => number
): (q: BuyersQuery) => ReadonlySet<string> {
	const kept = new Map<string, ReadonlySet<string>>();
	let keptVersion = NaN;
	return (q) => {
		if (version() !== keptVersion) {
			kept.clear();
			keptVersion = version();
		}
		const key = JSON.stringify([q.productId, q.category, q.from, q.to]);
		let out = kept.get(key);
		if (!out) {
			const found = new Set<string>();
			for (const [id, lines] of all())
				if (boughtWithin(lines, q.from, q.to, q.productId, q.category)) found.add(id);
			if (kept.size >= KEEP) kept.delete(kept.keys().next().value!);
			kept.set(key, (out = found));
		}
		return out;
	};
}
