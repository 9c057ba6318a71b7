/**
 * Customers kept and lost per period: of the customers active in the period before (an order
 * placed or a deal won there), those active again in this one are kept and the others lost;
 * churn is lost / active before. Periods are the reader's months (period.ts), and the first
 * shown period is compared with the one before it, so a report of one month still has a base.
 */
import { bucketIndex, monthsIn, zonedDate, zonedMonthStart, type Bucket } from './period';
import type { Span } from './report';
import type { CustomerEvent } from './customer-events';

export interface RetentionPeriod {
	bucket: Bucket;
	/** Customers active in this period. */
	active: number;
	/** Active in the period before and in this one; ids ascending. */
	kept: string[];
	/** Active in the period before, not in this one; ids ascending. */
	lost: string[];
	/** lost / (kept + lost), 0–1; null when nobody was active before. */
	churnRate: number | null;
}

export function retention(
	events: Iterable<CustomerEvent>,
	period: Span,
	zone: string
): RetentionPeriod[] {
	const shown = monthsIn(period, zone);
	if (shown.length === 0) return [];
	// The whole month before the one the period starts in.
	const { year, month } = zonedDate(period.from, zone);
	const before: Bucket = {
		key: 'before',
		label: 'before',
		from: zonedMonthStart(year, month - 1, zone),
		to: zonedMonthStart(year, month, zone)
	};
	const buckets = [before, ...shown];
	const active = buckets.map(() => new Set<string>());
	for (const e of events) {
		const i = bucketIndex(buckets, e.at);
		if (i >= 0) active[i].add(e.customerId);
	}
	return shown.map((bucket, j) => {
		const was = active[j];
		const now = active[j + 1];
		const kept: string[] = [];
		const lost: string[] = [];
		for (const id of was) (now.has(id) ? kept : lost).push(id);
		kept.sort();
		lost.sort();
		return {
			bucket,
			active: now.size,
			kept,
			lost,
			churnRate: was.size ? lost.length / was.size : null
		};
	});
}
