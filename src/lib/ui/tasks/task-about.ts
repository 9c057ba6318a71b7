/** The record a task is about, as a link: a person, an organization or a deal. */
import { resolve } from '$app/paths';
import { deal, person, type TaskRow } from '$lib/domain/record-types';
import type { Workspace } from '$lib/data/workspace.svelte';

export interface AboutLink {
	label: string;
	href: string;
}

/** `except`: the record whose page shows the list (its tasks need not name it). */
export function aboutLink(ws: Workspace, t: TaskRow, except?: string): AboutLink | null {
	if (t.personId && t.personId !== except) {
		const people = ws.live(person);
		people.subscribe(); // row() is not reactive: the people may still be loading
		const p = people.row(t.personId);
		return {
			label: p ? p.name || 'Unnamed person' : ws.loaded ? 'A deleted person' : 'A person',
			href: resolve('/people/[id]', { id: t.personId })
		};
	}
	if (t.organizationId && t.organizationId !== except)
		return {
			label: t.organizationName || 'Unnamed organization',
			href: resolve('/organizations/[id]', { id: t.organizationId })
		};
	if (t.dealId && t.dealId !== except) {
		const deals = ws.live(deal);
		deals.subscribe();
		const d = deals.row(t.dealId);
		return {
			label: d ? d.name || 'Unnamed deal' : ws.loaded ? 'A deleted deal' : 'A deal',
			href: resolve('/deals/[id]', { id: t.dealId })
		};
	}
	return null;
}
