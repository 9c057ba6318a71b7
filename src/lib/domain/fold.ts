/**
 * Folding text for search and sort: lower case, accents removed ("Éloïse Øster" → "eloise
 * oster"). It runs on every row of a 100k list, so it avoids String.normalize (slow) and
 * works char by char from a table; only characters beyond Latin go through normalize, once
 * each (cached).
 */

// Letters that NFD does not decompose but people type without the accent.
const EXTRA: Record<string, string> = {
	ß: 'ss',
	æ: 'ae',
	œ: 'oe',
	ø: 'o',
	ł: 'l',
	đ: 'd',
	ð: 'd',
	þ: 'th',
	ı: 'i',
	ħ: 'h',
	ŧ: 't',
	// Final sigma: whole-string toLowerCase gives ς at a word's end, per-char gives σ. Folding
	// both to σ keeps fold() equal to folding char by char (sort.ts relies on that).
	ς: 'σ'
};
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const TABLE_END = 0x250; // Latin-1 and Latin Extended A/B

function foldChar(ch: string): string {
	const lower = ch.toLowerCase();
	const extra = EXTRA[lower];
	if (extra !== undefined) return extra;
	// What is left without the accents may be one of those letters too (ǣ → æ → ae, ǿ → ø → o):
	// folding it again must not change it.
	let out = '';
	for (const c of lower.normalize('NFD').replace(COMBINING_MARKS, '')) out += EXTRA[c] ?? c;
	return out;
}

const TABLE: string[] = [];
for (let c = 0; c < TABLE_END; c++) TABLE.push(foldChar(String.fromCharCode(c)));

const beyondTable = new Map<string, string>();
function foldRare(ch: string): string {
	let f = beyondTable.get(ch);
	if (f === undefined) {
		f = foldChar(ch);
		beyondTable.set(ch, f);
	}
	return f;
}

const ASCII_LOWER: string[] = [];
for (let c = 0; c < 128; c++) ASCII_LOWER.push(String.fromCharCode(c).toLowerCase());

/**
 * The folded form of the UTF-16 code unit at `i` (0, 1 or 2 chars). Folding a string unit by
 * unit gives fold(s), except that surrogate pairs (emoji, astral scripts) pass unchanged;
 * sort.ts uses it to fold only a text's first characters.
 */
export function foldUnit(s: string, i: number): string {
	const c = s.charCodeAt(i);
	if (c < 128) return ASCII_LOWER[c];
	if (c < TABLE_END) return TABLE[c];
	if (c >= 0xd800 && c <= 0xdfff) return s[i];
	return foldRare(s[i]);
}

/** Lower case without accents. Decomposed input (e + U+0301) folds the same as composed. */
export function fold(s: string): string {
	const l = s.toLowerCase();
	const n = l.length;
	let i = 0;
	while (i < n && l.charCodeAt(i) < 128) i++;
	if (i === n) return l;
	let out = l.slice(0, i);
	let start = i;
	for (; i < n; i++) {
		const c = l.charCodeAt(i);
		if (c < 128) continue;
		out += l.slice(start, i);
		if (c < TABLE_END) out += TABLE[c];
		else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
			// A surrogate pair (emoji, rare scripts): keep it whole.
			out += l.slice(i, i + 2);
			i++;
		} else out += foldRare(l[i]);
		start = i + 1;
	}
	return out + l.slice(start);
}

/** Digits only: "+33 (0)6 12-34" → "33061234". */
export function digitsOnly(s: string): string {
	return s.replace(/\D+/g, '');
}
