/**
 * Cheap checks on the raw bytes before the MIME parser runs: is this a message at all, and is
 * its structure one a mail program would write? They read the raw bytes as Latin-1 and never
 * decode a body.
 */

/** Headers every real message has at least one of. */
const KNOWN_HEADERS =
	/^(from|to|cc|date|subject|message-id|mime-version|received|return-path|sender|reply-to|content-type|delivered-to|x-[a-z0-9-]+):/im;

/** How far into the file the header block must have started. */
const HEAD_BYTES = 64 * 1024;

/**
 * Far more parts than mail carries (a newsletter has a handful, a photo mail dozens) but few
 * enough that postal-mime parses them in about a second; a flood of empty parts is the one
 * shape whose cost is not bounded by the file's size alone.
 */
export const MAX_PARTS = 10_000;

export function looksLikeMime(bytes: Uint8Array): boolean {
	const head = new TextDecoder('latin1').decode(bytes.subarray(0, HEAD_BYTES));
	if (head.includes('\0')) return false;
	const lines = head
		.replace(/^\ufeff|^ï»¿/, '')
		.replace(/^(\s*\r?\n)+/, '')
		// An mbox export starts each message with a "From sender date" line.
		.replace(/^From .*\r?\n/, '')
		.split(/\r?\n/);
	if (!/^[\x21-\x39\x3b-\x7e]+:/.test(lines[0] ?? '')) return false;
	const end = lines.indexOf('');
	const block = lines.slice(0, end < 0 ? lines.length : end).join('\n');
	return KNOWN_HEADERS.test(block);
}

/**
 * Counts the boundary lines of the message: lines "--b" or "--b--" for a boundary b that some
 * Content-Type declares. Other lines starting with "--" (a signature, an SQL dump) are text.
 */
export function tooManyParts(bytes: Uint8Array): boolean {
	const text = new TextDecoder('latin1').decode(bytes);
	const boundaries = new Set<string>();
	for (const match of text.matchAll(/boundary\s*=\s*(?:"([^"\r\n]+)"|([^\s;"]+))/gi)) {
		boundaries.add(match[1] ?? match[2]);
		// Each multipart declares one: more declarations than parts allowed is a flood too.
		if (boundaries.size > MAX_PARTS) return true;
	}
	if (boundaries.size === 0) return false;
	let count = 0;
	for (let at = text.indexOf('\n--'); at >= 0; at = text.indexOf('\n--', at + 3)) {
		const end = text.indexOf('\n', at + 3);
		const line = text.slice(at + 3, end < 0 ? text.length : end).replace(/[ \t\r]+$/, '');
		const delimiter =
			boundaries.has(line) || (line.endsWith('--') && boundaries.has(line.slice(0, -2)));
		if (delimiter && ++count > MAX_PARTS) return true;
	}
	return false;
}

/**
 * A multipart message whose closing boundary ("--b--") never comes was cut off in transit or
 * while saving: postal-mime still reads it, so the caller has to say its last part may be short.
 */
export function closingBoundaryMissing(bytes: Uint8Array, contentType: string | null): boolean {
	if (!contentType || !/^\s*multipart\//i.test(contentType)) return false;
	const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
	if (!boundary) return false;
	const text = new TextDecoder('latin1').decode(bytes);
	return !text.includes(`--${boundary[1] ?? boundary[2]}--`);
}

/**
 * The message without blank lines before its first header, which some tools save: to a MIME
 * parser a blank first line means "no headers", and the whole message would read as body.
 */
export function withoutLeadingBlankLines(bytes: Uint8Array): Uint8Array {
	let start = 0;
	while (bytes[start] === 0x0d || bytes[start] === 0x0a) start++;
	return start === 0 ? bytes : bytes.subarray(start);
}
