/** What a duplicate pair shows of each record: its name and the contact details that matched. */
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
