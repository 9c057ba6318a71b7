/**
 * JSON that a JavaScript engine can hold at one byte per character.
 *
 * V8 keeps a string whose characters all lie in U+0000–U+00FF at one byte each, and any other
 * string at two bytes each: one "ł" in a Polish street name doubles the memory of its record's
 * whole snapshot (~770 characters for a person), and a workspace holds every snapshot as long as
 * it is open. Written with such characters escaped (`\u0142`), the snapshot stays one-byte;
 * JSON.parse reads it back to the same value, so every reader (also an older version of the
 * app, the relay) is unchanged. Escaping pays while the escapes (5 more characters each) cost
 * less than the string's second byte — not for text made mostly of such characters (Greek,
 * Cyrillic, Chinese), which is left as it is.
 */

/**
 * A UTF-16 code unit past U+00FF (each half of an emoji's surrogate pair counts once); JSON
 * holds no character below U+0020 (JSON.stringify escapes them).
 */
const WIDE = /[^\u0020-\u00ff]/g;
const ANY_WIDE = /[^\u0020-\u00ff]/;

export function oneByteJson(value: object): string {
	const json = JSON.stringify(value);
	if (!ANY_WIDE.test(json)) return json; // most records: one scan, nothing made
	const wide = json.match(WIDE)!.length;
	if (wide * 5 >= json.length) return json;
	return json.replace(WIDE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
