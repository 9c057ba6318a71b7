/** What a duplicate pair shows of each record: its name and the contact details that matched. */
import type { Workspace } from '$lib/data/workspace.svelte';
import {
	campaign,
	dashboard,
	deal,
	goal,
	interaction,
	order,
	organization,
	person,
	product,
	request,
	task,
	type AnyRecordType
} from '$lib/domain/record-types';
import { personName, type Organization, type Person } from '$lib/domain/records';

export interface RecordSummary {
	id: string;
	name: string;
	details: { label: string; values: string[] }[];
}

/** A pair may name its records by id or carry them; either way we need the id. */
export function idOf(side: string | { id: string }): string {
	return typeof side === 'string' ? side : side.id;
}

function values(list: readonly { value: string }[]): string[] {
	return list.map((v) => v.value).filter((v) => v.trim() !== '');
}

export function summarizePerson(person: Person): RecordSummary {
	return {
		id: person.id,
		name: personName(person) || '(no name)',
		details: [
			{ label: 'Title', values: person.title ? [person.title] : [] },
			{ label: 'Emails', values: values(person.emails) },
			{ label: 'Phones', values: values(person.phones) }
		]
	};
}

export function summarizeOrganization(org: Organization): RecordSummary {
	return {
		id: org.id,
		name: org.name || '(no name)',
		details: [
			{ label: 'Website', values: org.website ? [org.website] : [] },
			{ label: 'Emails', values: values(org.emails) },
			{ label: 'Phones', values: values(org.phones) }
		]
	};
}

/**
 * How each record type shows on this page: its records summed up and where they open. The one
 * place a new type's duplicates screen adds itself; finding and merging come from its
 * declaration ($lib/domain/record-types).
 */
export interface DuplicateScreen {
	type: AnyRecordType;
	title: string;
	summarize(ws: Workspace, id: string): RecordSummary | null;
	/** The record's page. */
	route: RecordRoute;
}

/** The pages a duplicate's name links to. */
export type RecordRoute =
	| '/people/[id]'
	| '/organizations/[id]'
	| '/deals/[id]'
	| '/interactions/[id]'
	| '/requests/[id]'
	| '/tasks/[id]'
	| '/products/[id]'
	| '/orders/[id]'
	| '/goals/[id]'
	| '/campaigns/[id]'
	| '/dashboards/[id]';

/** A type shown by what its declaration says: its display name and `duplicates.details`. */
function declaredScreen(type: AnyRecordType, title: string, route: RecordRoute): DuplicateScreen {
	return {
		type,
		title,
		route,
		summarize(ws, id) {
			const view = ws.repo(type).get(id);
			if (!view || view.deleted) return null;
			const details = type.duplicates.details?.(view.record) ?? [];
			return { id, name: type.displayName(view.record) || '(no name)', details: [...details] };
		}
	};
}

export const DUPLICATE_SCREENS: readonly DuplicateScreen[] = [
	{
		type: person,
		title: 'People',
		summarize(ws, id) {
			const view = ws.repo(person).get(id);
			return view && !view.deleted ? summarizePerson({ ...view.record, id }) : null;
		},
		route: '/people/[id]'
	},
	{
		type: organization,
		title: 'Organizations',
		summarize(ws, id) {
			const view = ws.repo(organization).get(id);
			return view && !view.deleted ? summarizeOrganization({ ...view.record, id }) : null;
		},
		route: '/organizations/[id]'
	},
	declaredScreen(deal, 'Deals', '/deals/[id]'),
	declaredScreen(interaction, 'Interactions', '/interactions/[id]'),
	declaredScreen(request, 'Service requests', '/requests/[id]'),
	declaredScreen(task, 'Tasks', '/tasks/[id]'),
	declaredScreen(product, 'Products', '/products/[id]'),
	declaredScreen(order, 'Orders', '/orders/[id]'),
	declaredScreen(goal, 'Goals', '/goals/[id]'),
	declaredScreen(campaign, 'Campaigns', '/campaigns/[id]'),
	declaredScreen(dashboard, 'Dashboards', '/dashboards/[id]')
];
