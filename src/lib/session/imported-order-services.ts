/**
 * Plans the service of imported orders of serviced products, as saving an order does; the
 * tasks carry the import's id, so reverting the import takes them too. Only orders with such
 * a product are looked at (a new product has no interval).
 * The tasks are ordinary edits of this member (history, undo), as when an order is saved.
 */
import type { PlannedOrder } from '$lib/data/order-import-plan';
import type { Workspace } from '$lib/data/workspace.svelte';
import { product } from '$lib/domain/record-types';
import { planServiceReminders } from './service-reminders';

/** What the order import calls after each chunk it wrote. */
export function serviceRemindersOf(ws: Workspace) {
	const serviced = new Set(
		ws
			.live(product)
			.rows.filter((p) => p.serviceIntervalMonths !== null)
			.map((p) => p.id)
	);
	return (orders: readonly PlannedOrder[], importId: string) => {
		if (serviced.size === 0) return;
		const now = Date.now();
		for (const o of orders)
			if (o.fields.personId && o.fields.lines.some((l) => l.productId && serviced.has(l.productId)))
				planServiceReminders(ws, o.id, now, undefined, { importId });
	};
}
