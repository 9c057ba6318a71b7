/**
 * Time zones by their IANA names ('Europe/Berlin'), as the browser's Intl knows them. An
 * interaction keeps the zone it happened in, so a call at 9:00 in Tokyo reads 9:00 (Tokyo)
 * for a colleague in Berlin too.
 */
const known = new Map<string, boolean>();

/** Whether Intl knows the zone (checked once per name: a timeline shows the same few). */
export function isTimeZone(name: string): boolean {
	let ok = known.get(name);
	if (ok === undefined) {
		try {
			new Intl.DateTimeFormat('en', { timeZone: name });
			ok = name.length > 0 && name.length < 64;
		} catch {
			ok = false;
		}
		known.set(name, ok);
	}
	return ok;
}

/** The zone this device is in. */
export function localTimeZone(): string {
	return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
