/**
 * Text tests that ignore case and accents without folding each row's value into a new string:
 * a 100k-row segment re-evaluated on every keystroke must not allocate per row. Most characters
 * fold to exactly one character ("É" → "e"); those are compared through a table. A value with
 * any other character ("ß" → "ss", a combining accent → "", emoji) is folded with search.ts's
 * fold() instead, so the answers always equal fold(value).includes(…).
 * The needle is always given folded already (fold() once, when the segment is compiled).
 */
import { fold } from '../search';

/**
 * For each UTF-16 code unit: the code of the one character it folds to, -1 when it folds to
 * zero or several (or is half of a surrogate pair), UNKNOWN until first met. Filled lazily:
 * the whole BMP is covered (curly quotes, Greek, Cyrillic…) without folding 65k characters
 * at start-up.
 */
const UNKNOWN = -2;
const SINGLE = new Int32Array(0x10000).fill(UNKNOWN);

function single(code: number): number {
	const f = SINGLE[code];
	return f === UNKNOWN ? learn(code) : f;
}

function learn(code: number): number {
	const isSurrogate = code >= 0xd800 && code <= 0xdfff;
	const folded = isSurrogate ? '' : fold(String.fromCharCode(code));
	return (SINGLE[code] = folded.length === 1 ? folded.charCodeAt(0) : -1);
}

/** fold(hay).includes(needle), for a folded needle. */
export function foldedIncludes(hay: string, needle: string): boolean {
	const n = hay.length;
	const m = needle.length;
	if (m === 0) return true;
	const first = needle.charCodeAt(0);
	// Every character is looked at (a "no" needs them all to fold one to one), and a match is
	// tried wherever the first one fits. A match found before any fallback character is final.
	outer: for (let i = 0; i < n; i++) {
		const f = single(hay.charCodeAt(i));
		if (f < 0) return fold(hay).includes(needle);
		if (f !== first || i + m > n) continue;
		for (let j = 1; j < m; j++) {
			const g = single(hay.charCodeAt(i + j));
			if (g < 0) return fold(hay).includes(needle);
			if (g !== needle.charCodeAt(j)) continue outer;
		}
		return true;
	}
	return false;
}

/** fold(hay).startsWith(needle), for a folded needle. */
export function foldedStartsWith(hay: string, needle: string): boolean {
	const m = needle.length;
	const n = Math.min(hay.length, m);
	for (let i = 0; i < n; i++) {
		const f = single(hay.charCodeAt(i));
		if (f < 0) return fold(hay).startsWith(needle);
		// All before i folded one to one, so fold(hay)[i] is f.
		if (f !== needle.charCodeAt(i)) return false;
	}
	// A shorter value got here with every character folding to one: too short.
	return hay.length >= m;
}

/** fold(hay) === needle, for a folded needle. */
export function foldedEquals(hay: string, needle: string): boolean {
	const n = hay.length;
	const m = needle.length;
	for (let i = 0; i < n; i++) {
		const f = single(hay.charCodeAt(i));
		if (f < 0) return fold(hay) === needle;
		if (i >= m || f !== needle.charCodeAt(i)) return false;
	}
	return n === m;
}
