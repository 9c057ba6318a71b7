/**
 * The Date header of a message (RFC 5322 §3.3, with the obsolete forms of §4.3 that old
 * mailers still write) to an instant and the offset it was written in.
 *
 * Not `new Date(header)`: engines disagree on these strings (Safari and Firefox refuse some that
 * V8 accepts) and it throws the offset away, which the interaction keeps.
 */

export type EmailDate = { ms: number; timeZone: string | null };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Named zones in minutes east of UTC: RFC 5322's obsolete US names, and a few that mailers
 * write although no RFC allows them (CET and CEST from European servers, BST, JST).
 */
const NAMED_ZONES: Record<string, number> = {
	ut: 0,
	utc: 0,
	gmt: 0,
	z: 0,
	est: -300,
	edt: -240,
	cst: -360,
	cdt: -300,
	mst: -420,
	mdt: -360,
	pst: -480,
	pdt: -420,
	wet: 0,
	west: 60,
	bst: 60,
	cet: 60,
	cest: 120,
	met: 60,
	mest: 120,
	eet: 120,
	eest: 180,
	jst: 540
};

/** day month year hour:minute[:second] zone, after comments and the weekday are gone. */
const RFC_DATE =
	/^(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([+-]\d{2}:?\d{2}|[a-z]+(?:\s*[+-]\d{2}:?\d{2})?)?$/i;

/** ISO 8601 with an explicit offset, which some generators write instead. */
const ISO_DATE =
	/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})$/i;

export function parseEmailDate(header: string | null | undefined): EmailDate | null {
	if (!header) return null;
	const cleaned = stripComments(header)
		.replace(/^\s*[a-z]{3,9}\s*,?\s*(?=\d)/i, '')
		.replace(/\s+/g, ' ')
		.trim();

	const rfc = RFC_DATE.exec(cleaned);
	if (rfc) {
		const month = MONTHS.indexOf(rfc[2].toLowerCase());
		if (month < 0) return null;
		const year = fullYear(rfc[3]);
		return build(year, month, +rfc[1], +rfc[4], +rfc[5], +(rfc[6] ?? 0), rfc[7]);
	}
	const iso = ISO_DATE.exec(cleaned);
	if (iso) {
		const zone = iso[7].toUpperCase() === 'Z' ? '+0000' : iso[7].replace(':', '');
		return build(+iso[1], +iso[2] - 1, +iso[3], +iso[4], +iso[5], +(iso[6] ?? 0), zone);
	}
	return null;
}

/** '+02:00' for 120; '-03:30' for -210. */
export function formatOffset(minutes: number): string {
	const sign = minutes < 0 ? '-' : '+';
	const abs = Math.abs(minutes);
	const hh = String(Math.floor(abs / 60)).padStart(2, '0');
	const mm = String(abs % 60).padStart(2, '0');
	return `${sign}${hh}:${mm}`;
}

function build(
	year: number,
	month: number,
	day: number,
	hour: number,
	minute: number,
	second: number,
	zone: string | undefined
): EmailDate | null {
	if (month < 0 || month > 11 || day < 1 || day > daysIn(year, month)) return null;
	if (hour > 23 || minute > 59 || second > 60) return null;
	const offset = zoneMinutes(zone);
	// No zone at all, or one we cannot place: the instant would be a guess, so there is none.
	if (offset === undefined) return null;
	// A leap second (:60) is read as :59, the last second JavaScript can represent.
	const local = Date.UTC(year, month, day, hour, minute, Math.min(second, 59));
	return {
		ms: local - (offset ?? 0) * 60_000,
		timeZone: offset === null ? null : formatOffset(offset)
	};
}

/**
 * Minutes east of UTC; null when the header says the zone is unknown (RFC 5322: "-0000" and
 * the military letters, whose meaning RFC 822 got backwards); undefined when it is unreadable.
 */
function zoneMinutes(zone: string | undefined): number | null | undefined {
	if (!zone) return undefined;
	// Not RFC 5322, but written by some mailers: '+01:00', 'GMT+0100', 'UTC +01:00'.
	const numeric = /^(?:(?:gmt|utc|ut)\s*)?([+-])(\d{2}):?(\d{2})$/i.exec(zone);
	if (numeric) {
		if (zone === '-0000') return null; // RFC 5322's "zone unknown"; '-00:00' is a mailer's guess.
		const hours = +numeric[2];
		const minutes = +numeric[3];
		if (hours > 23 || minutes > 59) return undefined;
		return (numeric[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
	}
	const name = zone.toLowerCase();
	if (name in NAMED_ZONES) return NAMED_ZONES[name];
	if (/^[a-ik-z]$/.test(name)) return null;
	return undefined;
}

/** RFC 5322 §4.3: two-digit years below 50 are 20xx, the rest 19xx; three digits add 1900. */
function fullYear(text: string): number {
	const year = +text;
	if (text.length === 2) return year < 50 ? 2000 + year : 1900 + year;
	if (text.length === 3) return 1900 + year;
	return year;
}

function daysIn(year: number, month: number): number {
	return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** Removes (comments), which may nest, such as "+0200 (CEST)". */
function stripComments(text: string): string {
	let depth = 0;
	let out = '';
	for (const char of text) {
		if (char === '(') depth++;
		else if (char === ')' && depth > 0) depth--;
		else if (depth === 0) out += char;
	}
	return out;
}
