/** How buying patterns read in words: money, days, shares, effort. */
import { RFM_CELL_LABELS } from '$lib/domain/purchases/rfm';
import type { ChurnRisk, PurchaseProfile } from '$lib/domain/purchases/profile';

export { RFM_CELL_LABELS };

/** '1,234.5 EUR' */
export function money(amount: number, currency: string): string {
	return `${amount.toLocaleString('en', { maximumFractionDigits: 2 })} ${currency}`;
}

export function days(n: number): string {
	return n === 1 ? '1 day' : `${n.toLocaleString('en')} days`;
}

export function percent(share: number): string {
	return `${Math.round(share * 100)}%`;
}

/** '3 h 20 min', '45 min', '0 min' */
export function duration(minutes: number): string {
	const h = Math.floor(minutes / 60);
	const m = Math.round(minutes % 60);
	return h ? (m ? `${h} h ${m} min` : `${h} h`) : `${m} min`;
}

export const CHURN_LABELS: Record<ChurnRisk, string> = {
	low: 'Low',
	medium: 'Medium',
	high: 'High'
};

/** "R 3 · F 4 · M 4" */
export function scores(p: Pick<PurchaseProfile, 'rfm'>): string {
	return `R ${p.rfm.r} · F ${p.rfm.f} · M ${p.rfm.m}`;
}

/** The preferred categories in words: "Veg 64%, Bakery 36%" (at most `n`). */
export function categoriesText(p: Pick<PurchaseProfile, 'categoryShares'>, n = 3): string {
	return p.categoryShares
		.slice(0, n)
		.map(([name, share]) => `${name} ${percent(share)}`)
		.join(', ');
}
