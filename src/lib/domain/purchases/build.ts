/**
 * Every customer's buying pattern from every counted order of the workspace, all at once:
 * each customer's orders tallied (tally.ts: amounts converted to the workspace currency at each
 * order's day; an order with no rate is counted, but left out of amounts), then the RFM scores
 * by quintiles of all customers, the rhythm and the churn risk. The purchases engine keeps the
 * same figures from change to change (ledger.ts); this is the plain computation it must equal.
 */
import type { RateIndex } from '../forecast/rates';
import { customersOf, type OrderFact } from './facts';
import { wholeDays } from './intervals';
import type { PurchaseProfile } from './profile';
import { quintileScores } from './rfm';
import { byTime, profileOf, tallyOf } from './tally';

export function buildProfiles(
	orders: Iterable<OrderFact>,
	rates: RateIndex,
	now: number
): Map<string, PurchaseProfile> {
	const byCustomer = new Map<string, OrderFact[]>();
	for (const order of orders)
		for (const customer of customersOf(order)) {
			const list = byCustomer.get(customer);
			if (list) list.push(order);
			else byCustomer.set(customer, [order]);
		}
	const ids = [...byCustomer.keys()];
	const tallies = ids.map((id) => tallyOf(byCustomer.get(id)!.sort(byTime), rates));
	const r = quintileScores(
		tallies.map((t) => wholeDays(t.last, now)),
		true
	);
	const f = quintileScores(tallies.map((t) => t.orderCount));
	const m = quintileScores(tallies.map((t) => t.value));
	const out = new Map<string, PurchaseProfile>();
	tallies.forEach((t, i) =>
		out.set(ids[i], profileOf(ids[i], t, { r: r[i], f: f[i], m: m[i] }, now))
	);
	return out;
}
