/**
 * The RFM grid: every customer placed by their recency score (rows, 5 = bought most recently)
 * and frequency score (columns, 5 = buys most often), both from domain/purchases' quintile
 * scoring, with each cell's count, lifetime revenue and the customers in it. All 25 cells are
 * present, empty ones with 0, so a grid always has its shape.
 */
import { roundMoney } from '../orders/lines';
import type { PurchaseProfile } from '../purchases/profile';

export interface RfmGridCell {
	/** 'r5-f3'. */
	key: string;
	r: number;
	f: number;
	count: number;
	revenue: number;
	/** In the order the profiles came. */
	customerIds: string[];
}

export const SCORES = [5, 4, 3, 2, 1] as const;

export const rfmGridKey = (r: number, f: number) => `r${r}-f${f}`;

/** The 25 cells, recency 5 to 1, each with frequency 1 to 5. */
export function rfmGrid(
	profiles: Iterable<Pick<PurchaseProfile, 'customerId' | 'rfm' | 'lifetimeValue'>>
): RfmGridCell[] {
	const cells = new Map<string, RfmGridCell & { sum: number }>();
	for (const r of SCORES)
		for (const f of [...SCORES].reverse())
			cells.set(rfmGridKey(r, f), {
				key: rfmGridKey(r, f),
				r,
				f,
				count: 0,
				revenue: 0,
				sum: 0,
				customerIds: []
			});
	for (const p of profiles) {
		const cell = cells.get(rfmGridKey(p.rfm.r, p.rfm.f));
		if (!cell) continue; // a score outside 1–5 is no cell (never made by quintileScores)
		cell.count++;
		cell.sum += p.lifetimeValue;
		cell.customerIds.push(p.customerId);
	}
	return [...cells.values()].map(({ sum, ...c }) => ({
		...c,
		revenue: roundMoney(sum),
		customerIds: c.customerIds
	}));
}
