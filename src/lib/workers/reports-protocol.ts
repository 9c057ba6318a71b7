/** Messages between the page (session/customer-reports.ts) and the reports worker. */
import type { ExchangeRate } from '$lib/domain/forecast/rates';
import type { TierFloors } from '$lib/domain/purchases/tiers';
import type { WonDeal } from '$lib/domain/reports/customer-events';
import type { PackedResult } from '$lib/domain/reports/drill-pack';
import type { ReportFilters } from '$lib/domain/reports/report';

export interface ReportRequest {
	type: 'compute';
	id: number;
	/** The workspace whose stored documents to read. */
	ws: string;
	reportId: string;
	/** The filters, the segment's people as a list (a Set does not need to cross). */
	filters: Omit<ReportFilters, 'segmentPeople'> & { segmentPeople: string[] | null };
	currency: string;
	rates: ExchangeRate[];
	timeZone: string;
	now: number;
	/**
	 * From the page's live deal rows (deals are not placed by month: all are there); null: the
	 * list this worker was last sent for this workspace (the page sends it again when it changes
	 * or the worker is new — copying 6,270 won deals into each request took 10–16 ms of a
	 * full-size dashboard's first render).
	 */
	wonDeals: WonDeal[] | null;
	tierFloors: TierFloors;
}

export interface ReportDone {
	type: 'done';
	id: number;
	/** The result, its drills' ids packed into a few strings (domain/reports/drill-pack.ts). */
	packed: PackedResult;
	/** How long the computation took in the worker (ms). */
	ms: number;
}

/** How far the first read of the device's documents is (the month or shard just decoded). */
export interface ReportProgress {
	type: 'progress';
	id: number;
	done: number;
	total: number;
}

export interface ReportFailed {
	type: 'failed';
	id: number;
	message: string;
}

export type ToReportsWorker = ReportRequest;
export type FromReportsWorker = ReportDone | ReportProgress | ReportFailed;
