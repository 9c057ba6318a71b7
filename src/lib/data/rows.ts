/** Builds list rows from records: validated, with a search haystack. Pure, given the reads. */
import type { CustomFieldDef, OrganizationFields, PersonFields } from '$lib/domain/records';
import { personName } from '$lib/domain/records';
import { validateOrganization, validatePerson } from '$lib/domain/validate';
import { organizationSearchParts, personSearchParts, searchText } from '$lib/domain/search';
import { isDeleted, readRecord, type RecordMap } from './layout';
import type { OrganizationRow, PersonRow } from './types';
import { validateStored } from './validated-read';
import { intern, internAll } from './intern';

export interface RowContext {
	customDefs(entity: 'person' | 'organization'): CustomFieldDef[];
	organizationName(id: string | null): string;
	peopleCount(organizationId: string): number;
}

export function readPerson(map: RecordMap, defs: CustomFieldDef[]) {
	const raw = readRecord(map);
	return { raw, ...validateStored(raw, (r) => validatePerson(r, defs)) };
}

export function readOrganization(map: RecordMap, defs: CustomFieldDef[]) {
	const raw = readRecord(map);
	return { raw, ...validateStored(raw, (r) => validateOrganization(r, defs)) };
}

export function personRow(id: string, map: RecordMap, ctx: RowContext): PersonRow | null {
	if (isDeleted(map)) return null;
	const defs = ctx.customDefs('person');
	const { raw, value: p, issues } = readPerson(map, defs);
	const organizationName = ctx.organizationName(p.organizationId);
	return {
		id,
		name: personName(p),
		firstName: p.firstName,
		lastName: p.lastName,
		title: p.title,
		organizationId: intern(p.organizationId),
		organizationName: intern(organizationName),
		kind: intern(p.kind),
		ownerId: intern(p.ownerId),
		email: p.emails[0]?.value ?? '',
		phone: p.phones[0]?.value ?? '',
		city: intern(p.addresses[0]?.city ?? ''),
		tags: internAll(p.tags),
		custom: p.custom,
		updatedAt: numberOr(raw.updatedAt, numberOr(raw.createdAt, 0)),
		hasIssues: issues.length > 0,
		search: searchText(personSearchParts(p as PersonFields, organizationName, defs))
	};
}

export function organizationRow(
	id: string,
	map: RecordMap,
	ctx: RowContext
): OrganizationRow | null {
	if (isDeleted(map)) return null;
	const defs = ctx.customDefs('organization');
	const { raw, value: o, issues } = readOrganization(map, defs);
	return {
		id,
		name: o.name,
		kind: intern(o.kind),
		ownerId: intern(o.ownerId),
		website: o.website,
		industry: intern(o.industry),
		city: intern(o.addresses[0]?.city ?? ''),
		tags: internAll(o.tags),
		custom: o.custom,
		peopleCount: ctx.peopleCount(id),
		updatedAt: numberOr(raw.updatedAt, numberOr(raw.createdAt, 0)),
		hasIssues: issues.length > 0,
		search: searchText(organizationSearchParts(o as OrganizationFields, defs))
	};
}

function numberOr(v: unknown, fallback: number): number {
	return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}
