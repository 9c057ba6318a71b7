/**
 * What an order import compares a file with, read once per plan: every e-mail of every person
 * (duplicate detection's keys), products by SKU and by name, and the open orders by number.
 */
import { order, product } from '$lib/domain/record-types';
import { buildWorkspaceIndex } from './import-existing';
import { collectionOf, isDeleted } from './layout';
import type { ShopOrders } from '$lib/domain/orders/shop-orders';
import {
	orderNumberKey,
	productNameKey,
	shopOrderId,
	skuKey,
	type OrderPlanIndex
} from './order-import-plan';
import type { Workspace } from './workspace.svelte';

export function buildOrderPlanIndex(ws: Workspace): OrderPlanIndex {
	const productsBySku = new Map<string, string>();
	const productsByName = new Map<string, string>();
	for (const p of ws.live(product).rows) {
		const sku = skuKey(p.sku);
		if (sku && !productsBySku.has(sku)) productsBySku.set(sku, p.id);
		const name = productNameKey(p.name);
		if (name && !productsByName.has(name)) productsByName.set(name, p.id);
	}
	const ordersByNumber = new Map<string, string>();
	for (const o of ws.live(order).rows) {
		const key = orderNumberKey(o.number);
		if (key && !ordersByNumber.has(key)) ordersByNumber.set(key, o.id);
	}
	const orders = collectionOf(ws.layout, order);
	return {
		peopleByEmail: buildWorkspaceIndex(ws, 'person').contacts.byEmail,
		productsBySku,
		productsByName,
		ordersByNumber,
		// A reverted import's orders are deleted: importing the file again makes them anew.
		hasOrder: (id) => {
			const map = orders.get(id);
			return !!map && !isDeleted(map);
		}
	};
}

/**
 * Opens the closed months of orders the file's orders fall in, so their orders are compared
 * too: they load from the device while the preview shows, and the plan is made again before
 * the import writes if anything arrived (the flow compares workspace stamps).
 */
export function openMonthsOf(ws: Workspace, read: ShopOrders): void {
	const closed = new Set(ws.closedMonths(order));
	if (closed.size === 0) return;
	const orders = collectionOf(ws.layout, order);
	const names = new Set<string>();
	for (const o of read.orders) {
		const name = orders.docNameOf(shopOrderId(o.number, o.orderedAt));
		if (closed.has(name)) names.add(name);
	}
	if (names.size > 0) ws.openMonths([...names]);
}
