/**
 * What the customer reports (revenue by category and tier, new customers, retention, the RFM
 * grid, segment sizes) read besides `ReportInput`'s live rows, which hold neither order lines
 * nor the months not open: every counted order of every month on the device, the won deals,
 * the people's sources, the buying patterns, the segment size log. The order-based reports run
 * in the reports worker (workers/reports-engine.ts), which fills these from the device's copy;
 * a field left out means "not known yet", and the report says so instead of showing zeros.
 */
import type { OrderFact } from '../purchases/facts';
import type { PurchaseProfile } from '../purchases/profile';
import type { TierFloors } from '../purchases/tiers';
import type { WonDeal } from './customer-events';
import type { CustomerOwners } from './customer-scope';
import type { ReportFilters, ReportInput, ReportResult, ReportTable } from './report';
import type { SizeEntry } from './segment-sizes';

export interface SegmentInfo {
	id: string;
	name: string;
	/** Its members now, or null when not counted here. */
	members: ReadonlySet<string> | null;
}

export interface CustomerInput {
	/** Every counted order (cancelled and refunded left out) of every month on the device. */
	orders?: readonly OrderFact[];
	wonDeals?: readonly WonDeal[];
	/** A person's source: their own, else their organization's. */
	sourceOf?: (personId: string) => string | undefined;
	tierFloors?: TierFloors;
	/** Every customer's buying pattern (session/purchases). */
	purchases?: ReadonlyMap<string, Pick<PurchaseProfile, 'customerId' | 'rfm' | 'lifetimeValue'>>;
	/** Which customers are organizations (a customer id names a person or an organization). */
	organizationIds?: ReadonlySet<string>;
	/** Each customer's owner (customer-scope.ts): what the owner and team filters read. */
	customerOwners?: CustomerOwners;
	segments?: readonly SegmentInfo[];
	segmentSizes?: ReadonlyMap<string, readonly SizeEntry[]>;
	/**
	 * On the page, where `orders` is not: the reports worker's latest result of the report for
	 * these filters (asking for one when it has none or the data changed since), or a pending
	 * result (`readingOrders`) while the first is computed. Reactive.
	 */
	workerResult?: (reportId: string, filters: ReportFilters) => ReportResult | null;
}

export type CustomerReportInput = ReportInput & CustomerInput;

const EMPTY_TABLE: ReportTable = { columns: [], rows: [] };

/** Any of them on the input says the page passes what these reports read. */
const INPUT_KEYS = ['workerResult', 'orders', 'purchases', 'segments', 'campaigns'];

/** Said when the page computing the report does not pass what it reads besides rows. */
export const NOT_CONNECTED = 'This report cannot be computed on this page yet.';

/**
 * The result of a report whose data has not arrived: nothing drawn, and why — "not yet" only
 * where it will come (the input is the worker's, a test's, or made by withCustomerInput).
 */
export function notYet(kind: ReportResult['kind'], why: string, input?: object): ReportResult {
	const coming = !input || INPUT_KEYS.some((k) => k in input);
	const note = coming ? why : NOT_CONNECTED;
	return { kind, unit: { kind: 'count' }, series: [], table: EMPTY_TABLE, notes: [note] };
}

export const ORDERS_NOT_READ = 'Orders of every month are still being read on this device.';

/** While the reports worker reads every month of orders: pending, with how far it is when
 * known (documents read of those to read), so a card says "Computing…" rather than nothing. */
export function readingOrders(progress: { done: number; total: number } | null): ReportResult {
	return { ...notYet('bar', ORDERS_NOT_READ), pending: progress };
}

/**
 * A report computed over every month's orders: here when they are in the input (the worker,
 * tests), else the worker's result through `workerResult`, else "not yet".
 */
export function overOrders(
	id: string,
	kind: ReportResult['kind'],
	compute: (
		input: CustomerReportInput & { orders: readonly OrderFact[] },
		f: ReportFilters
	) => ReportResult
): (input: ReportInput, filters: ReportFilters) => ReportResult {
	return (input, filters) => {
		const x = input as CustomerReportInput;
		if (x.orders) return compute({ ...x, orders: x.orders }, filters);
		return x.workerResult?.(id, filters) ?? notYet(kind, ORDERS_NOT_READ, input);
	};
}

/**
 * The reports that read this input besides live rows: a page caching results by the rows a
 * report reads must compute these again each time (their compute only reads the worker's
 * latest result or small maps, which change without any row changing).
 */
export const CUSTOMER_REPORT_IDS: ReadonlySet<string> = new Set([
	'revenue-by-category',
	'revenue-by-value-tier',
	'rfm-grid',
	'segment-sizes',
	'new-customers',
	'retention',
	'campaign-roi',
	'acquisition-retention-cost'
]);
