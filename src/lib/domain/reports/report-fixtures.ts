/**
 * Orders and deals for the reports' tests, made the way the app reads them (orderFact over a
 * validated order), and the period they are cut by: January to March 2026 in Berlin, whose
 * edges are not UTC's (1 January starts at 23:00 UTC the day before; 1 April, after the
 * clocks went forward on 29 March, at 22:00 UTC).
 */
import { RateIndex } from '../forecast/rates';
import { emptyLine } from '../orders/lines';
import { orderFact, type OrderFact } from '../purchases/facts';
import { emptyOrder, type OrderFields } from '../record-types/order';
import type { Span } from './report';

export const ZONE = 'Europe/Berlin';
export const utc = (iso: string) => Date.parse(iso);
/** 1 January 2026 to 31 March 2026 (both included) in Berlin. */
export const Q1: Span = { from: utc('2025-12-31T23:00:00Z'), to: utc('2026-03-31T22:00:00Z') };

/** EUR workspace; 1 USD = 0.5 EUR from January, 0.8 from February; no GBP rate. */
export const RATES = new RateIndex('EUR', [
	{ id: 'a', from: 'USD', to: 'EUR', rate: 0.5, validFrom: '2026-01-01' },
	{ id: 'b', from: 'USD', to: 'EUR', rate: 0.8, validFrom: '2026-02-01' }
]);

export function order(
	id: string,
	at: string,
	fields: Partial<OrderFields>,
	lines: [category: string, price: number][]
): OrderFact {
	const o = { ...emptyOrder(), status: 'paid' as const, orderedAt: utc(at), ...fields };
	o.lines = lines.map(([category, price]) => ({ ...emptyLine(), category, price }));
	o.total = lines.reduce((s, [, p]) => s + p, 0);
	const fact = orderFact(id, o);
	if (!fact) throw new Error(`order ${id} does not count`);
	return fact;
}
