/**
 * New customers per source and month: a customer is new in the month (in the reader's zone) of
 * their first order or first won deal ever — not the first in the period, so a returning
 * customer is never new again — and counted under the source their person or organization
 * record names (sources compared case- and accent-blind, shown as first written).
 */
import { fold } from '../fold';
import { bucketIndex, monthsIn, type Bucket } from './period';
import type { Span } from './report';
import type { CustomerEvent } from './customer-events';

export const UNKNOWN_SOURCE = 'No source';

export interface SourceRow {
	/** The folded source, '' when none. */
	key: string;
	label: string;
	/** Per bucket (same order as `buckets`): the new customers' ids, ascending. */
	perBucket: string[][];
	total: number;
}

export interface NewCustomers {
	buckets: Bucket[];
	/** Most new customers first (ties by label), 'No source' last. */
	sources: SourceRow[];
	/** Per bucket, all sources together. */
	totals: number[];
	/** Each new customer's first event (what made them a customer). */
	firstEvents: Map<string, CustomerEvent>;
}

export function newCustomersBySource(
	events: Iterable<CustomerEvent>,
	sourceOf: (customerId: string) => string | undefined,
	period: Span,
	zone: string
): NewCustomers {
	// The first event of every customer, over all time.
	const first = new Map<string, CustomerEvent>();
	for (const e of events) {
		const seen = first.get(e.customerId);
		if (!seen || e.at < seen.at || (e.at === seen.at && e.id < seen.id)) first.set(e.customerId, e);
	}
	const buckets = monthsIn(period, zone);
	const rows = new Map<string, SourceRow>();
	const totals = buckets.map(() => 0);
	const firstEvents = new Map<string, CustomerEvent>();
	for (const [customer, e] of first) {
		const i = bucketIndex(buckets, e.at);
		if (i < 0) continue;
		const written = (sourceOf(customer) ?? '').trim();
		const key = fold(written);
		let row = rows.get(key);
		if (!row)
			rows.set(
				key,
				(row = {
					key,
					label: key ? written : UNKNOWN_SOURCE,
					perBucket: buckets.map(() => []),
					total: 0
				})
			);
		row.perBucket[i].push(customer);
		row.total++;
		totals[i]++;
		firstEvents.set(customer, e);
	}
	const sources = [...rows.values()];
	for (const row of sources) for (const ids of row.perBucket) ids.sort();
	sources.sort(
		(a, b) =>
			Number(a.key === '') - Number(b.key === '') ||
			b.total - a.total ||
			a.label.localeCompare(b.label)
	);
	return { buckets, sources, totals, firstEvents };
}
