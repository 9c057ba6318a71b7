/**
 * A list's shared order kept as its rows change (src/lib/domain/shared-order.ts), at 100k rows,
 * in Node: what a list pays in the task that renders it.
 * - a new device's list growing by 8,000 rows a step from 4,000 to 100,000 (its people arriving);
 * - 10,000 rows replaced by rows of the same names (their organizations arriving);
 * - the same growth read by the list only every third array (another reader, the people count
 *   or a cache save, made the arrays between): the steps between are composed.
 * Reference in the same run: sorting the whole list afresh (sharedOrder), what each merge
 * would cost without the order before it.
 */
import { noteRowsDelta, reorder, sharedOrder, type ListRow } from '../src/lib/domain/shared-order';
import { summarize, type BenchOptions, type BenchResult } from './result';
import { Random } from './prng';

const FIRST = ['Ada', 'Éloïse', 'Grace', 'Alan', 'Linus', 'Zoë', 'Øyvind', 'Ming', 'Ana', 'José'];
const LAST = ['Lovelace', 'Øster', 'Hopper', 'Turing', 'Müller', 'Nakamura', 'Li', 'García'];
const STEP = 8_000;
const FULL = 100_000;

function rowsOf(n: number, prefix: string, random: () => number): ListRow[] {
	const pick = (list: string[]) => list[Math.floor(random() * list.length)];
	return Array.from({ length: n }, (_, i) => ({
		id: `${prefix}${i.toString(36)}${Math.floor(random() * 1e9).toString(36)}`,
		name: `${pick(FIRST)} ${pick(LAST)} ${Math.floor(random() * 1000)}`,
		search: ''
	}));
}

/** One growth from 4,000 to FULL rows; the list reads every `readEvery`-th array. */
function grow(seed: number, readEvery: number) {
	const source = new Random(seed);
	const random = () => source.next();
	let rows = rowsOf(4_000, `s${seed}-`, random);
	let read = rows;
	let ordered = sharedOrder(rows);
	const merges: number[] = [];
	for (let step = 0; rows.length < FULL; step++) {
		const added = rowsOf(STEP, `s${seed}-${step}-`, random);
		const next = rows.concat(added);
		noteRowsDelta(next, rows, [], added);
		rows = next;
		if ((step + 1) % readEvery !== 0 && rows.length < FULL) continue;
		const started = performance.now();
		ordered = reorder(read, ordered, rows)!;
		merges.push(performance.now() - started);
		read = rows;
	}
	return { rows, ordered, merges };
}

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	const rounds = quick ? 2 : 6;
	const arriving: number[] = [];
	const skipped: number[] = [];
	const replaced: number[] = [];
	const sorted: number[] = [];
	for (let round = 0; round < rounds; round++) {
		const { rows, ordered, merges } = grow(round + 1, 1);
		arriving.push(...merges.slice(-4)); // the last merges, into 76k–100k rows
		skipped.push(...grow(round + 101, 3).merges.slice(-2));
		const removed = rows.slice(0, 10_000);
		const renewed = removed.map((r) => ({ ...r }));
		const next = rows.slice(10_000).concat(renewed);
		noteRowsDelta(next, rows, removed, renewed);
		let started = performance.now();
		reorder(rows, ordered, next);
		replaced.push(performance.now() - started);
		started = performance.now();
		sharedOrder(next);
		sorted.push(performance.now() - started);
	}
	const note = (what: string) => `${what}; reference: the whole list sorted afresh (sharedOrder)`;
	return [
		summarize(
			'list_order.100k.arrivals_8000',
			'ms',
			'lower',
			arriving,
			null,
			sorted,
			note('8,000 new rows merged into a list of 76k–100k (a new device receiving its people)')
		),
		summarize(
			'list_order.100k.arrivals_read_every_third',
			'ms',
			'lower',
			skipped,
			null,
			sorted,
			note('24,000 new rows over three arrays, the list reading only the last (steps composed)')
		),
		summarize(
			'list_order.100k.replaced_10000',
			'ms',
			'lower',
			replaced,
			null,
			sorted,
			note('10,000 rows replaced by rows of the same names (their organizations arriving)')
		)
	];
}
