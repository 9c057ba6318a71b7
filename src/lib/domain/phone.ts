/**
 * Phone numbers as people type them: "+48 22 555 0101", "0048 22 555 01 01",
 * "+44 (0)20 7946 0000". Stored as typed; search compares digits, display and `tel:` links
 * use libphonenumber-js.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

export { phoneQueryDigits, phoneSearchDigits } from './phone-digits';

/** How a number is shown: international format when it parses ("+48 22 555 01 01"), else as typed. */
export function formatPhone(value: string): string {
	const p = parse(value);
	return p?.isValid() ? p.formatInternational() : value;
}

/** The `tel:` link of a number: E.164 when it parses, else its digits and a leading +. */
export function phoneHref(value: string): string {
	const p = parse(value);
	if (p?.isValid()) return p.getURI();
	return `tel:${value.replace(/[^\d+]/g, '')}`;
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
