/**
 * Sorting list rows by a column. Each cell's sort key is computed once per sort (folded
 * lower case for text; a number for numbers, dates and booleans): no localeCompare per
 * comparison. Empty values always go last, whichever the direction; equal keys keep their
 * input order (stable).
 *
 * Why the packing: a JS comparator called ~1.7M times for 100k rows costs more than the
 * budget on a slow machine. So each key is first mapped to a number that preserves order
 * (a text's first characters, a number's position in the column's range), packed with the
 * row index into one float, and the floats are sorted natively. Only runs of rows whose
 * packed prefix ties are then sorted with an exact comparator.
 */
import { fold, foldUnit } from './fold';

export type SortDir = 'asc' | 'desc';

const NUMBER = 0;
const TEXT = 1;
const EMPTY = 2;

/** A cell's sort key: numbers sort before texts (in a mixed column), empties last. */
export interface SortKey {
	rank: 0 | 1 | 2;
	num: number;
	str: string;
}

const EMPTY_KEY: SortKey = { rank: EMPTY, num: 0, str: '' };

/** The sort key of one cell value. */
export function sortKey(v: unknown): SortKey {
	if (typeof v === 'string') {
		const t = v.trim();
		return t === '' ? EMPTY_KEY : { rank: TEXT, num: 0, str: fold(t) };
	}
	if (typeof v === 'number') return Number.isNaN(v) ? EMPTY_KEY : { rank: NUMBER, num: v, str: '' };
	if (typeof v === 'boolean') return { rank: NUMBER, num: v ? 1 : 0, str: '' };
	if (v instanceof Date) {
		const t = v.getTime();
		return Number.isNaN(t) ? EMPTY_KEY : { rank: NUMBER, num: t, str: '' };
	}
	if (Array.isArray(v)) return sortKey(v.filter((x) => x !== null && x !== undefined).join(', '));
	return EMPTY_KEY;
}

/** Compares two keys in a direction; empties stay last in both directions. */
export function compareSortKeys(a: SortKey, b: SortKey, dir: SortDir = 'asc'): number {
	if (a.rank !== b.rank) {
		if (a.rank === EMPTY || b.rank === EMPTY) return a.rank - b.rank;
		return dir === 'asc' ? a.rank - b.rank : b.rank - a.rank;
	}
	let c = 0;
	if (a.rank === NUMBER) c = a.num < b.num ? -1 : a.num > b.num ? 1 : 0;
	else if (a.rank === TEXT) c = a.str < b.str ? -1 : a.str > b.str ? 1 : 0;
	return dir === 'asc' ? c : -c;
}

/** A comparator for a few values (computes keys on every call; use sortRows for lists). */
export function compareValues(a: unknown, b: unknown, dir: SortDir = 'asc'): number {
	return compareSortKeys(sortKey(a), sortKey(b), dir);
}

// 6 bits per character, order-preserving (non-decreasing in the UTF-16 code unit), 0 = end.
const CHAR_CODE = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
	CHAR_CODE[c] =
		c < 32
			? 1
			: c === 32
				? 2
				: c < 48
					? 3
					: c < 58
						? 4 + c - 48 // digits 4..13
						: c < 97
							? 14
							: c < 123
								? 15 + c - 97 // letters 15..40
								: 41;
}
function charCode6(c: number): number {
	return c < 128 ? CHAR_CODE[c] : 42 + Math.min(21, (c - 128) >> 11);
}

/** Bits of a float's 53-bit integer range left for the key when `m` positions are packed. */
function keyBits(m: number): number {
	let idBits = 1;
	while (2 ** idBits < m) idBits++;
	return 53 - idBits;
}

/**
 * One native pass: sorts idx[lo, hi) by key(row) (an integer below 2^bits, bits =
 * keyBits(hi - lo)), descending if asked, equal keys in their current order. Calls onTie for
 * every stretch of two or more rows with equal keys, which may still need an exact order.
 */
function packedPass(
	idx: number[],
	lo: number,
	hi: number,
	key: (row: number) => number,
	desc: boolean,
	onTie: (lo: number, hi: number) => void
): void {
	const m = hi - lo;
	const bits = keyBits(m);
	const shift = 2 ** (53 - bits);
	const top = 2 ** bits - 1;
	const packed = new Float64Array(m);
	for (let k = 0; k < m; k++) {
		const v = key(idx[lo + k]);
		packed[k] = (desc ? top - v : v) * shift + k;
	}
	packed.sort();
	const before = idx.slice(lo, hi);
	let runStart = lo;
	let prev = -1;
	for (let t = 0; t < m; t++) {
		const p = packed[t];
		const k = Math.floor(p / shift);
		idx[lo + t] = before[p - k * shift];
		if (k !== prev) {
			if (lo + t - runStart > 1) onTie(runStart, lo + t);
			runStart = lo + t;
			prev = k;
		}
	}
	if (hi - runStart > 1) onTie(runStart, hi);
}

/** Sorts idx[lo, hi) with an exact comparator (stable: ties by row index). */
function exactSort(idx: number[], lo: number, hi: number, cmp: (i: number, j: number) => number) {
	const part = idx.slice(lo, hi).sort((i, j) => cmp(i, j) || i - j);
	for (let k = 0; k < part.length; k++) idx[lo + k] = part[k];
}

/** Sorts a small stretch idx[lo, hi) of texts in place; stable. */
function insertionSort(
	idx: number[],
	lo: number,
	hi: number,
	key: (i: number) => string,
	sign: 1 | -1
): void {
	for (let k = lo + 1; k < hi; k++) {
		const x = idx[k];
		const fx = key(x);
		let j = k - 1;
		for (; j >= lo; j--) {
			const y = idx[j];
			const fy = key(y);
			const c = fx < fy ? -sign : fx > fy ? sign : 0;
			if (c < 0 || (c === 0 && x < y)) idx[j + 1] = y;
			else break;
		}
		idx[j + 1] = x;
	}
}

/** Order-preserving code of a raw text's first `chars` folded characters, folding only those. */
function rawPrefix(t: string, chars: number): number {
	let p = 0;
	let c = 0;
	for (let i = 0; i < t.length && c < chars; i++) {
		const f = foldUnit(t, i);
		for (let k = 0; k < f.length && c < chars; k++, c++) p = p * 64 + charCode6(f.charCodeAt(k));
	}
	for (; c < chars; c++) p *= 64;
	return p;
}

function foldedPrefix(f: string, offset: number, chars: number): number {
	let p = 0;
	for (let c = offset; c < offset + chars; c++) {
		p = p * 64 + (c < f.length ? charCode6(f.charCodeAt(c)) : 0);
	}
	return p;
}

/**
 * Sorts text rows most-significant characters first: one native pass on the first few
 * characters, then again on the next few within each tie, and an exact comparison for small
 * ties or ties whose texts are used up. Most texts are folded only as far as their prefix.
 */
function sortTexts(idx: number[], raws: string[], folded: (string | undefined)[], sign: 1 | -1) {
	const full = (i: number) => (folded[i] ??= fold(raws[i]));
	const cmp = (i: number, j: number) => {
		const a = full(i);
		const b = full(j);
		return a < b ? -sign : a > b ? sign : 0;
	};
	const refine = (lo: number, hi: number, offset: number): void => {
		if (hi - lo <= 16) return insertionSort(idx, lo, hi, full, sign);
		let usedUp = offset > 0;
		for (let k = lo; usedUp && k < hi; k++) usedUp = full(idx[k]).length <= offset;
		if (usedUp) {
			// Usually the same text many times (a city): ties already stand in input order.
			const first = full(idx[lo]);
			for (let k = lo + 1; k < hi; k++)
				if (full(idx[k]) !== first) return exactSort(idx, lo, hi, cmp);
			return;
		}
		const chars = Math.floor(keyBits(hi - lo) / 6);
		const key =
			offset === 0
				? (i: number) => rawPrefix(raws[i], chars)
				: (i: number) => foldedPrefix(full(i), offset, chars);
		packedPass(idx, lo, hi, key, sign === -1, (l, h) => refine(l, h, offset + chars));
	};
	refine(0, idx.length, 0);
}

function sortNumbers(idx: number[], nums: Float64Array, min: number, max: number, sign: 1 | -1) {
	const cmp = (i: number, j: number) => (nums[i] < nums[j] ? -sign : nums[i] > nums[j] ? sign : 0);
	const range = max - min;
	if (!Number.isFinite(range) || idx.length <= 16) return exactSort(idx, 0, idx.length, cmp);
	const top = 2 ** keyBits(idx.length) - 1;
	// Position in the column's range: monotonic, so only rows in one bucket need comparing.
	const key = range > 0 ? (i: number) => Math.floor(((nums[i] - min) / range) * top) : () => 0;
	packedPass(idx, 0, idx.length, key, sign === -1, (lo, hi) => {
		for (let k = lo + 1; k < hi; k++) {
			if (nums[idx[k]] !== nums[idx[lo]]) return exactSort(idx, lo, hi, cmp);
		}
	});
}

/** Sorts a copy of rows by the value `get` returns for each row. */
export function sortRowsBy<T>(rows: readonly T[], get: (row: T) => unknown, dir: SortDir): T[] {
	const n = rows.length;
	const nums = new Float64Array(n);
	// Texts are trimmed here and folded in full only when their prefix ties with another's.
	const raws: string[] = new Array<string>(n);
	const folded: (string | undefined)[] = new Array<string | undefined>(n);
	const numbers: number[] = [];
	const texts: number[] = [];
	const empties: number[] = [];
	let min = Infinity;
	let max = -Infinity;
	for (let i = 0; i < n; i++) {
		const v = get(rows[i]);
		if (typeof v === 'string') {
			const t = v.trim();
			if (t === '') empties.push(i);
			else {
				raws[i] = t;
				texts.push(i);
			}
			continue;
		}
		const k = sortKey(v);
		if (k.rank === NUMBER) {
			nums[i] = k.num;
			numbers.push(i);
			if (k.num < min) min = k.num;
			if (k.num > max) max = k.num;
		} else if (k.rank === TEXT) {
			raws[i] = k.str;
			folded[i] = k.str;
			texts.push(i);
		} else empties.push(i);
	}
	const sign = dir === 'asc' ? 1 : -1;
	sortNumbers(numbers, nums, min, max, sign);
	sortTexts(texts, raws, folded, sign);

	const out = new Array<T>(n);
	let o = 0;
	for (const i of sign === 1 ? numbers : texts) out[o++] = rows[i];
	for (const i of sign === 1 ? texts : numbers) out[o++] = rows[i];
	for (const i of empties) out[o++] = rows[i];
	return out;
}

/** Sorts a copy of rows by one of their properties. */
export function sortRows<T>(rows: readonly T[], key: keyof T, dir: SortDir): T[] {
	return sortRowsBy(rows, (r) => r[key], dir);
}
