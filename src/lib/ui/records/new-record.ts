/** Turning the small "New person"/"New organization" forms into records, and checking them. */
import type { Member, OrganizationFields, PersonFields } from '$lib/domain/records';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validatePersonForm(v: Record<string, string>): string | null {
	if (!v.firstName && !v.lastName) return 'Enter a first or last name.';
	if (v.email && !EMAIL.test(v.email)) return `"${v.email}" is not an email address.`;
	return null;
}

/** A new person is owned by whoever creates it, like a card one picks up. */
export function personFromForm(
	v: Record<string, string>,
	me: string,
	organizationId: string | null = null
): Partial<PersonFields> {
	return {
		firstName: v.firstName ?? '',
		lastName: v.lastName ?? '',
		ownerId: me,
		organizationId,
		emails: v.email ? [{ label: 'work', value: v.email }] : []
	};
}

export function validateOrganizationForm(v: Record<string, string>): string | null {
	return v.name ? null : 'Enter the organization’s name.';
}

export function organizationFromForm(
	v: Record<string, string>,
	me: string
): Partial<OrganizationFields> {
	return { name: v.name, website: v.website ?? '', ownerId: me };
}

/** Owner names through one map, so sorting 100k rows by owner stays a lookup per row. */
export function memberNames(members: readonly Member[]): (id: string | null) => string {
	const names = new Map(members.map((m) => [m.id, m.name]));
	return (id) => (id ? (names.get(id) ?? 'Unknown member') : '');
}
