/**
 * Value clusters of the open workspace's people, for the clusters page and the people list:
 * each person's buying pattern and effort (purchases.svelte.ts) with their potential value and
 * the workspace's value tiers (data/value-tiers.ts). Reactive through the people rows, the
 * tiers and the profiles' version.
 */
import { valueTiersOf } from '$lib/data/value-tiers';
import type { Workspace } from '$lib/data/workspace.svelte';
import {
	bestCustomers,
	buildClusters,
	type BestCustomer,
	type ClusterCustomer,
	type Clusters,
	type GridName
} from '$lib/domain/purchases/clusters';
import type { PurchaseProfiles } from './purchases.svelte';

export { valueTiersOf, type ValueTierSettings } from '$lib/data/value-tiers';

/** Every person who bought something, has a potential value, or was spent time with. */
function customersOf(ws: Workspace, profiles: PurchaseProfiles): ClusterCustomer[] {
	void profiles.version;
	const out: ClusterCustomer[] = [];
	for (const row of ws.people.rows) {
		const p = profiles.get(row.id);
		const e = profiles.effort(row.id);
		if (!p && !e && row.potentialValue === null) continue;
		out.push({
			id: row.id,
			lifetimeValue: p?.lifetimeValue ?? 0,
			potential: row.potentialValue,
			rfmCell: p?.rfmCell ?? null,
			interactions: e?.interactions ?? 0,
			minutes: e?.minutes ?? 0
		});
	}
	return out;
}

export function clustersOf(ws: Workspace, profiles: PurchaseProfiles): Clusters {
	return buildClusters(customersOf(ws, profiles), valueTiersOf(ws).floors);
}

export function bestCustomersOf(
	ws: Workspace,
	profiles: PurchaseProfiles,
	n: number
): BestCustomer[] {
	return bestCustomers(customersOf(ws, profiles), n);
}

/** The people of one cell, or null when the cell is empty or not one. */
export function cellMembers(
	ws: Workspace,
	profiles: PurchaseProfiles,
	grid: GridName,
	key: string
): ReadonlySet<string> | null {
	const cell = clustersOf(ws, profiles)[grid].get(key);
	return cell ? new Set(cell.ids) : null;
}
