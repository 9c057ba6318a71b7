/**
 * Time zones by their IANA names ('Europe/Berlin'), as the browser's Intl knows them. An
 * interaction keeps the zone it happened in, so a call at 9:00 in Tokyo reads 9:00 (Tokyo)
 * for a colleague in Berlin too.
 */
const known = new Map<string, boolean>();

/**
 * Whether Intl knows the zone (checked once per name: a timeline shows the same few). Asked in
 * the browser's own language, whose data the page has loaded already: a formatter in a
 * language the page had not used ('en') loaded that language's data on a first timeline.
 */
export function isTimeZone(name: string): boolean {
	let ok = known.get(name);
	if (ok === undefined) {
		try {
			new Intl.DateTimeFormat(undefined, { timeZone: name });
			ok = name.length > 0 && name.length < 64;
		} catch {
			ok = false;
		}
		known.set(name, ok);
	}
	return ok;
}

/** How long the device's zone is taken as known: it changes when its owner travels, rarely. */
const LOCAL_ZONE_MS = 60_000;
let local: { zone: string; at: number } | null = null;

/**
 * The zone this device is in, asked of Intl at most once a minute: a DateTimeFormat made per
 * call took ~10 ms of a dashboard's first render (rows and cards each asking).
 */
export function localTimeZone(now = Date.now()): string {
	if (!local || now - local.at > LOCAL_ZONE_MS || now < local.at)
		local = { zone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', at: now };
	return local.zone;
}
