/**
 * The records a record’s page lists beside it (a person's deals and requests, an
 * organization's people, deals and requests), read from the relation indexes: a page opened
 * reads the few rows that point at it, never filters every deal or all 100,000 people (a
 * whole-collection pass on each open, and again on each change of any row of the type).
 */
import type { Workspace } from '$lib/data/workspace.svelte';
import { deal, person, request } from '$lib/domain/record-types';
import type { DealRow, PersonRow, RequestRow } from '$lib/domain/record-types';

/** Deals with the person as their contact or among the people involved, each once. */
export function dealsOfPerson(ws: Workspace, id: string): DealRow[] {
	const contact = ws.linked(deal, 'personId', id);
	const ids = new Set(contact.map((d) => d.id));
	return [...contact, ...ws.linked(deal, 'peopleIds', id).filter((d) => !ids.has(d.id))];
}

export function requestsOfPerson(ws: Workspace, id: string): RequestRow[] {
	return ws.linked(request, 'requesterId', id);
}

export function peopleOfOrganization(ws: Workspace, id: string): PersonRow[] {
	return ws.linked(person, 'organizationId', id);
}

export function dealsOfOrganization(ws: Workspace, id: string): DealRow[] {
	return ws.linked(deal, 'organizationId', id);
}

export function requestsOfOrganization(ws: Workspace, id: string): RequestRow[] {
	return ws.linked(request, 'organizationId', id);
}
