/**
 * Phone numbers as people type them: "+48 22 555 0101", "0048 22 555 01 01",
 * "+44 (0)20 7946 0000". Stored as typed; search compares digits, display and `tel:` links
 * use libphonenumber-js.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

export { phoneQueryDigits, phoneSearchDigits } from './phone-digits';

/** How a number is shown: international format when it parses ("+48 22 555 01 01"), else as typed. */
export function formatPhone(value: string): string {
	return read(value).shown;
}

/** The `tel:` link of a number: E.164 when it parses, else its digits and a leading +. */
export function phoneHref(value: string): string {
	return read(value).href;
}

/**
 * Numbers read lately: a record's page shows its numbers again on every change to the record
 * (a call logged moves "last contacted"), and parsing one took ~0.7 ms each time.
 */
const readLately = new Map<string, { shown: string; href: string }>();
const READ_LATELY_MAX = 500;

function read(value: string): { shown: string; href: string } {
	let known = readLately.get(value);
	if (known) return known;
	const p = parse(value);
	known = p?.isValid()
		? { shown: p.formatInternational(), href: p.getURI() }
		: { shown: value, href: `tel:${value.replace(/[^\d+]/g, '')}` };
	if (readLately.size >= READ_LATELY_MAX) readLately.clear();
	readLately.set(value, known);
	return known;
}

function parse(value: string) {
	const t = value.trim();
	// libphonenumber-js reads "+…"; the international prefix typed as 00 is the same number.
	const intl = t.startsWith('00') ? `+${t.slice(2)}` : t;
	try {
		return parsePhoneNumberFromString(intl) ?? null;
	} catch {
		return null;
	}
}
