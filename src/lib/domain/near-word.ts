/**
 * One-letter typos in search ("kowalsky" finds "kowalski"): a query word matches a whole word
 * of the haystack one substitution, insertion or deletion away. Per keystroke over 100k rows,
 * so no row is scanned letter by letter: one typo leaves either half of the word intact, and
 * the engine's native indexOf finds those halves; only where one occurs is a word compared.
 */

/** A query word prepared for typo matching. */
export interface NearWord {
	readonly word: string;
	readonly head: string;
	readonly tail: string;
}

/** Shorter words would match too much with a letter changed ("anna" → "anne", "hanna"). */
export const MIN_NEAR_LENGTH = 5;

/** The word prepared, or null when it is too short or not all letters (numbers stay exact). */
export function nearWord(word: string): NearWord | null {
	if (word.length < MIN_NEAR_LENGTH) return null;
	for (let i = 0; i < word.length; i++) if (!isLetter(word.charCodeAt(i))) return null;
	const half = word.length >> 1;
	return { word, head: word.slice(0, half), tail: word.slice(half) };
}

/** True when a whole word of the (folded) haystack is at most one edit from `near.word`. */
export function nearWordIn(haystack: string, near: NearWord): boolean {
	const { word, head, tail } = near;
	// The typo is in the second half: the haystack word starts with the head.
	for (let p = haystack.indexOf(head); p !== -1; p = haystack.indexOf(head, p + 1)) {
		if (p > 0 && isWordChar(haystack.charCodeAt(p - 1))) continue;
		const end = wordEnd(haystack, p + head.length, p + word.length + 2);
		if (end !== -1 && withinOneEdit(word, haystack, p, end)) return true;
	}
	// The typo is in the first half: the haystack word ends with the tail.
	for (let p = haystack.indexOf(tail); p !== -1; p = haystack.indexOf(tail, p + 1)) {
		const end = p + tail.length;
		if (end < haystack.length && isWordChar(haystack.charCodeAt(end))) continue;
		const start = wordStart(haystack, p, p - (word.length - tail.length) - 2);
		if (start !== -1 && withinOneEdit(word, haystack, start, end)) return true;
	}
	return false;
}

/** The end of the word running from `from`, or -1 when it runs to `limit` (too long). */
function wordEnd(s: string, from: number, limit: number): number {
	let i = from;
	while (i < s.length && isWordChar(s.charCodeAt(i))) if (++i >= limit) return -1;
	return i;
}

/** The start of the word ending after `from`, or -1 when it reaches back to `limit`. */
function wordStart(s: string, from: number, limit: number): number {
	let i = from;
	while (i > 0 && isWordChar(s.charCodeAt(i - 1))) if (--i <= limit) return -1;
	return i;
}

/** Whether `s[start, end)` is `word` with at most one letter substituted, added or dropped. */
export function withinOneEdit(word: string, s: string, start: number, end: number): boolean {
	const n = word.length;
	const m = end - start;
	if (Math.abs(n - m) > 1) return false;
	let i = 0;
	let j = start;
	let edits = 0;
	while (i < n && j < end) {
		if (word.charCodeAt(i) === s.charCodeAt(j)) {
			i++;
			j++;
			continue;
		}
		if (++edits > 1) return false;
		if (m > n) j++;
		else if (m < n) i++;
		else {
			i++;
			j++;
		}
	}
	return edits + (n - i) + (end - j) <= 1;
}

/** Letters and digits, as folded text has them (lower case; anything beyond ASCII counts). */
function isWordChar(c: number): boolean {
	return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c >= 128;
}

function isLetter(c: number): boolean {
	return (c >= 97 && c <= 122) || c >= 128;
}
