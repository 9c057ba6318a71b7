/**
 * Segment sizes over time. What the records say cannot rebuild a segment's past size: a
 * person's city, tags or kind keep no dated values a condition could be tested against as they
 * were (only the history log has them, a partition per month, not opened for a chart). So each
 * device that has the workspace open logs every saved segment's size once a day, as one key of
 * the core document's meta map per segment and UTC day (`segmentSize:<id>:<day>`): two devices
 * logging the same day write the same key and converge on one value; a day nobody opened the
 * workspace has no entry, and the chart says so rather than inventing one.
 */
import type { Span } from './report';
import { bucketIndex, monthsIn, type Bucket } from './period';

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

export interface MonthSize {
	bucket: Bucket;
	/** The last size logged in the month (in the reader's zone), null when none was. */
	size: number | null;
	/** The day it was logged ('YYYY-MM-DD', UTC), null with it. */
	day: string | null;
}

/** The size each month of the period ended with, from a segment's log (oldest first). */
export function sizesPerMonth(log: readonly SizeEntry[], period: Span, zone: string): MonthSize[] {
	const months = monthsIn(period, zone);
	const out: MonthSize[] = months.map((bucket) => ({ bucket, size: null, day: null }));
	for (const e of log) {
		const i = bucketIndex(months, e.at);
		// Oldest first: a later entry of the month replaces an earlier one.
		if (i >= 0) out[i] = { bucket: months[i], size: e.size, day: e.day };
	}
	return out;
}
