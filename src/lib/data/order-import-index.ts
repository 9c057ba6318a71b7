/**
 * What an order import compares a file with, read once per plan: every e-mail of every person
 * (duplicate detection's keys), products by SKU and by name, and the open orders by number.
 */
import { order, product } from '$lib/domain/record-types';
import { buildWorkspaceIndex } from './import-existing';
import { collectionOf, isDeleted } from './layout';
import { orderNumberKey, productNameKey, skuKey, type OrderPlanIndex } from './order-import-plan';
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
