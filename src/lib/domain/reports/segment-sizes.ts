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
import type { SizeEntry } from './segment-size-entries';

export { readSizeLog, SIZE_PREFIX, sizeKey, utcDay, type SizeEntry } from './segment-size-entries';

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
