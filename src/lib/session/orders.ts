/**
 * What pages do to orders and products beyond reading them: create and save an order (its total
 * follows its lines, and its service reminders are planned in the same undo step), and create a
 * product.
 */
import { order, product } from '$lib/domain/record-types';
import type { OrderFields } from '$lib/domain/record-types/order';
import type { ProductFields } from '$lib/domain/record-types/product';
import { orderTotal } from '$lib/domain/orders/lines';
import type { Workspace } from '$lib/data/workspace.svelte';
import { planServiceReminders } from './service-reminders';

export { planServiceReminders, serviceTaskId } from './service-reminders';

/** Adds an order placed now (unless said otherwise); returns its id. */
export function createOrder(ws: Workspace, fields: Partial<OrderFields>, now = Date.now()): string {
	const lines = fields.lines ?? [];
	return ws.undo.group(() => {
		const id = ws
			.repo(order)
			.create({ orderedAt: now, ...fields, lines, total: orderTotal(lines) });
		planServiceReminders(ws, id, now);
		return id;
	});
}

/** Saves a change to an order: new lines bring a new total; service reminders follow. */
export function updateOrder(
	ws: Workspace,
	id: string,
	patch: Partial<OrderFields>,
	now = Date.now()
): void {
	const full = patch.lines ? { ...patch, total: orderTotal(patch.lines) } : patch;
	ws.undo.group(() => {
		ws.repo(order).update(id, full);
		planServiceReminders(ws, id, now);
	});
}

/** Adds a product; returns its id. */
export function createProduct(ws: Workspace, fields: Partial<ProductFields>): string {
	return ws.repo(product).create(fields);
}
