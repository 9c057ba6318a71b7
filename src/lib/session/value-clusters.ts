/**
 * Value clusters of the open workspace's people, or of its organizations, for the clusters page
 * and the people and organizations lists: each customer's buying pattern and effort
 * (purchases.ts) with their potential value and the workspace's value tiers
 * (data/value-tiers.ts). An organization's pattern is the one its page shows: every order made
 * for it, its own and its people's (an order for a person carries their organization). Reactive
 * through the rows, the tiers and the profiles' version.
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
import { organization, person, recordType, type AnyRecordType } from '$lib/domain/record-types';
import type { PurchaseProfiles } from './purchases';

export { valueTiersOf, type ValueTierSettings } from '$lib/data/value-tiers';

/** Whose clusters: people's, or organizations'. */
export type ClusterOf = 'person' | 'organization';

/** The types clustered, as the page offers them (the first without `&of=`): the customers. */
export const CLUSTERED_TYPES: readonly (AnyRecordType & { name: ClusterOf })[] = [
	person,
	organization
];

/**
 * Every person (or organization) who bought something, has a potential value, or was spent
 * time with. Organizations have no potential value: theirs is never set.
 */
function customersOf(ws: Workspace, profiles: PurchaseProfiles, of: ClusterOf): ClusterCustomer[] {
	void profiles.version;
	const out: ClusterCustomer[] = [];
	const rows = ws.repo(recordType(of)!).rows;
	for (const row of rows) {
		const p = profiles.get(row.id);
		const e = profiles.effort(row.id);
		const potential = 'potentialValue' in row ? row.potentialValue : null;
		if (!p && !e && potential === null) continue;
		out.push({
			id: row.id,
			lifetimeValue: p?.lifetimeValue ?? 0,
			potential,
			rfmCell: p?.rfmCell ?? null,
			interactions: e?.interactions ?? 0,
			minutes: e?.minutes ?? 0
		});
	}
	return out;
}

export function clustersOf(
	ws: Workspace,
	profiles: PurchaseProfiles,
	of: ClusterOf = 'person'
): Clusters {
	return buildClusters(customersOf(ws, profiles, of), valueTiersOf(ws).floors);
}

export function bestCustomersOf(
	ws: Workspace,
	profiles: PurchaseProfiles,
	n: number,
	of: ClusterOf = 'person'
): BestCustomer[] {
	return bestCustomers(customersOf(ws, profiles, of), n);
}

/** The people (or organizations) of one cell, or null when the cell is empty or not one. */
export function cellMembers(
	ws: Workspace,
	profiles: PurchaseProfiles,
	grid: GridName,
	key: string,
	of: ClusterOf = 'person'
): ReadonlySet<string> | null {
	const cell = clustersOf(ws, profiles, of)[grid].get(key);
	return cell ? new Set(cell.ids) : null;
}
