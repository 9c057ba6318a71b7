/**
 * A customer's buying pattern, derived from every order of the workspace (also the months not
 * open): the contract between the purchases engine (workers/purchases.worker.ts computes them
 * off the main thread) and what reads them (the person page, value clusters, segments).
 *
 * Amounts are in the workspace currency (orders in another one are converted with the dated
 * rates; an order with no rate is left out of amounts and counted in `unconvertedOrders`).
 * Cancelled and refunded orders do not count.
 */

/** One line bought, as segments test it ("bought a vegetarian product in the last 90 days"). */
export interface Purchase {
	/** When the order was placed (ms since the epoch). */
	at: number;
	productId: string | null;
	/** Folded like search text (case and accents ignored), '' when none. */
	category: string;
	/** The line's total in the workspace currency. */
	amount: number;
}

/** The named RFM cells, from the R and F/M scores (domain/purchases/rfm.ts maps them). */
export type RfmCell =
	| 'champions'
	| 'loyal'
	| 'potential-loyalists'
	| 'new'
	| 'promising'
	| 'need-attention'
	| 'about-to-sleep'
	| 'at-risk'
	| 'cannot-lose'
	| 'hibernating'
	| 'lost';

export type ChurnRisk = 'low' | 'medium' | 'high';

/** One of a customer's latest orders, for a small purchase history that links to it. */
export interface RecentOrder {
	id: string;
	at: number;
	/** Its total in the workspace currency; null when there was no rate on its day. */
	amount: number | null;
	/** Its total and currency as entered. */
	total: number;
	currency: string;
	lineCount: number;
}

export interface PurchaseProfile {
	/** The person (or organization) the orders are of. */
	customerId: string;
	orderCount: number;
	/** Sum of the counted orders' totals. */
	lifetimeValue: number;
	averageOrderValue: number;
	firstOrderAt: number;
	lastOrderAt: number;
	/** Whole days from the last order to the moment the profiles were computed. */
	recencyDays: number;
	/** 1–5 each, by quintiles of the workspace's customers (5 is best). */
	rfm: { r: number; f: number; m: number };
	rfmCell: RfmCell;
	/** Category (as written on the line) → share of spend, 0–1, largest first. */
	categoryShares: readonly (readonly [category: string, share: number])[];
	/** The median days between consecutive orders; null with fewer than two orders. */
	usualIntervalDays: number | null;
	/** When the next order is due (last order + usual interval); null when unknown. */
	nextOrderDueAt: number | null;
	/** Days past nextOrderDueAt (0 when not yet due), null when unknown. */
	daysOverdue: number | null;
	churnRisk: ChurnRisk;
	/** Orders left out of amounts for want of an exchange rate. */
	unconvertedOrders: number;
	/** Every counted line, oldest first. */
	purchases: readonly Purchase[];
	/** The latest counted orders, newest first (at most RECENT_ORDERS). Optional: profiles
	 * made by hand (tests) may leave it out. */
	lastOrders?: readonly RecentOrder[];
}

/** How many of the latest orders a profile keeps for its purchase history. */
export const RECENT_ORDERS = 5;
