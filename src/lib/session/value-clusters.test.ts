import { describe, expect, it } from 'vitest';
import { Workspace } from '$lib/data/workspace.svelte';
import type { PurchaseProfile } from '$lib/domain/purchases/profile';
import type { PurchaseProfiles } from './purchases';
import { bestCustomersOf, cellMembers, clustersOf } from './value-clusters';

/** Profiles as the purchases worker gives them, of the ids and lifetime values given. */
function profilesOf(
	values: Record<string, [number, PurchaseProfile['rfmCell']]>
): PurchaseProfiles {
	const map = new Map(
		Object.entries(values).map(([id, [lifetimeValue, rfmCell]]) => [
			id,
			{ customerId: id, lifetimeValue, rfmCell } as PurchaseProfile
		])
	);
	return {
		ready: true,
		version: 1,
		computedAt: 0,
		error: null,
		get: (id) => map.get(id),
		all: () => map,
		effort: () => undefined,
		onChange: () => () => {}
	};
}

describe('value clusters of people and of organizations', () => {
	it('puts each in its own grids, an organization with the orders made for it', () => {
		const ws = new Workspace('ws', 'me');
		ws.start();
		const acme = ws.organizations.create({ name: 'Acme' });
		const ada = ws.people.create({ firstName: 'Ada', organizationId: acme });
		ws.people.create({ firstName: 'Ben', potentialValue: 5_000 });
		// Acme's profile counts Ada's order and its own (the worker's customersOf).
		const profiles = profilesOf({ [ada]: [100, 'loyal'], [acme]: [400, 'champions'] });

		const people = clustersOf(ws, profiles);
		expect(people.customers).toBe(2); // Ada bought; Ben has a potential value
		expect(people.rfm.get('loyal')?.ids).toEqual([ada]);
		expect(people.rfm.get('champions')).toBeUndefined();

		const orgs = clustersOf(ws, profiles, 'organization');
		expect(orgs.customers).toBe(1);
		expect(orgs.totalRevenue).toBe(400);
		expect(orgs.rfm.get('champions')?.ids).toEqual([acme]);
		// No potential value for organizations: every one is "not set".
		expect([...orgs.value.keys()]).toEqual([expect.stringMatching(/\/unset$/)]);
		expect(cellMembers(ws, profiles, 'rfm', 'champions', 'organization')).toEqual(new Set([acme]));
		expect(cellMembers(ws, profiles, 'rfm', 'champions')).toBeNull();
		expect(bestCustomersOf(ws, profiles, 5, 'organization').map((b) => b.id)).toEqual([acme]);
	});
});
