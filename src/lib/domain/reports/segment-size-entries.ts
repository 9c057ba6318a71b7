/**
 * The segment-size log's keys and entries (segment-sizes.ts says why there is a log): a key per
 * saved segment and UTC day in the core document's meta map. Apart from segment-sizes.ts because
 * the session keeps the log from a list's first page on, while the months a chart groups it by
 * (period.ts, with date-fns-tz's formatting) load only with the reports that draw them.
 */
export const SIZE_PREFIX = 'segmentSize:';

export interface SizeEntry {
	segmentId: string;
	/** 'YYYY-MM-DD' in UTC: the key's day. */
	day: string;
	size: number;
	/** When it was counted (ms). */
	at: number;
}

/** The UTC day of `ms`, the log's one notion of a day (devices in any zone share it). */
export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function sizeKey(segmentId: string, day: string): string {
	return `${SIZE_PREFIX}${segmentId}:${day}`;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The entries among the meta map's, per segment, oldest first; a malformed value is skipped. */
export function readSizeLog(entries: Iterable<[string, unknown]>): Map<string, SizeEntry[]> {
	const out = new Map<string, SizeEntry[]>();
	for (const [key, value] of entries) {
		if (!key.startsWith(SIZE_PREFIX)) continue;
		const rest = key.slice(SIZE_PREFIX.length);
		const cut = rest.lastIndexOf(':');
		const segmentId = rest.slice(0, cut);
		const day = rest.slice(cut + 1);
		if (cut <= 0 || !DAY.test(day) || typeof value !== 'object' || value === null) continue;
		const { size, at } = value as Record<string, unknown>;
		if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) continue;
		if (typeof at !== 'number' || !Number.isFinite(at)) continue;
		let list = out.get(segmentId);
		if (!list) out.set(segmentId, (list = []));
		list.push({ segmentId, day, size, at });
	}
	for (const list of out.values()) list.sort((a, b) => a.at - b.at || (a.day < b.day ? -1 : 1));
	return out;
}
