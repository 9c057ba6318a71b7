/**
 * Faster strings for Yjs' decoding. Yjs reads every string of an update (each record's id, its
 * keys `$` and `notes`, its parent's name, member ids, dates, JSON values) with its own call to
 * lib0's one TextDecoder. In Chromium that call costs ~0.25 µs however short the string (Node
 * ~0.1 µs; building a 9-character string in JavaScript ~0.06 µs), and a 100k-people workspace
 * reads ~860,000 strings as it opens, over half of them ≤ 8 bytes: `_readVarStringNative` was
 * the largest self time of the open's profile.
 *
 * Installed once per realm (the page, a worker) before anything is decoded, this gives lib0's
 * decoder a `decode` that builds short ASCII strings itself, handing back the same string for
 * the same bytes while it is in a small table (a record's keys repeat in every record).
 * Anything else (longer, non-ASCII, invalid, with options) goes to TextDecoder as before, errors
 * included. Measured at 100k people (bench/open.bench.ts, 3 visits each, same session): a first
 * visit painted 3.69–3.73 s against 4.20–4.40; a warm visit applied its documents in 1.1–1.5 s
 * against 1.3–2.3. In Node, whose TextDecoder is cheaper, applying the same documents took as
 * long either way (the relay does not install it).
 */
import * as lib0Strings from 'lib0/string';

/** Up to this many bytes a string is built here; longer ones cost less through TextDecoder. */
export const SHORT_STRING_BYTES = 40;
const TABLE_BITS = 12;

const table: (string | undefined)[] = new Array(1 << TABLE_BITS);

/** `bytes` as a string when all are ASCII (the same string as the last time, if still kept); else null. */
export function shortAscii(bytes: Uint8Array): string | null {
	const n = bytes.length;
	let hash = n | 0;
	for (let i = 0; i < n; i++) {
		const c = bytes[i];
		if (c > 0x7f) return null;
		hash = Math.imul(hash ^ c, 0x01000193);
	}
	const slot = hash >>> (32 - TABLE_BITS);
	const kept = table[slot];
	if (kept !== undefined && kept.length === n && sameChars(kept, bytes)) return kept;
	const made = String.fromCharCode.apply(null, bytes as unknown as number[]);
	table[slot] = made;
	return made;
}

function sameChars(s: string, bytes: Uint8Array): boolean {
	for (let i = 0; i < bytes.length; i++) if (s.charCodeAt(i) !== bytes[i]) return false;
	return true;
}

const INSTALLED = Symbol.for('crm.yjs-strings');

/** Gives lib0's shared decoder the short-string path (once; harmless to call again). */
export function installFastStrings(): void {
	const decoder = lib0Strings.utf8TextDecoder as (TextDecoder & { [INSTALLED]?: true }) | null;
	if (!decoder || decoder[INSTALLED]) return;
	const native = TextDecoder.prototype.decode;
	decoder.decode = function decode(input?: AllowSharedBufferSource, options?: TextDecodeOptions) {
		if (
			options === undefined &&
			input instanceof Uint8Array &&
			input.length <= SHORT_STRING_BYTES
		) {
			const s = shortAscii(input);
			if (s !== null) return s;
		}
		return native.call(this, input, options);
	};
	decoder[INSTALLED] = true;
}

installFastStrings();
