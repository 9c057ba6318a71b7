/** Messages between the page (session/purchases.ts) and the purchases worker. */
import type { ExchangeRate } from '$lib/domain/forecast/rates';
import type { EffortProfile } from '$lib/domain/purchases/effort';
import type { PurchaseProfile } from '$lib/domain/purchases/profile';

export interface ComputeRequest {
	type: 'compute';
	id: number;
	/** The workspace whose stored documents to read. */
	ws: string;
	currency: string;
	rates: ExchangeRate[];
	now: number;
}

/** A slice of the customers that changed (null: no longer a customer), sent in several
 * messages so the page takes each in its own short task. */
export interface ChangedSlice {
	type: 'changed';
	id: number;
	profiles: [string, PurchaseProfile | null][];
	effort: [string, EffortProfile | null][];
}

export interface Done {
	type: 'done';
	id: number;
	computedAt: number;
	/** How long the computation took in the worker (ms), and how many documents it read. */
	ms: number;
	readDocs: number;
	changed: number;
	/** Every customer was sent: any other the page holds is none any more. */
	full: boolean;
}

export interface Failed {
	type: 'failed';
	id: number;
	message: string;
}

export type ToPurchasesWorker = ComputeRequest;
export type FromPurchasesWorker = ChangedSlice | Done | Failed;

/** Customers per message: a slice of profiles takes a few ms to receive on the page. */
export const SLICE = 2_000;
