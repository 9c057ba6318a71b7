/**
 * Every record type of the workspace, in the order the data layer builds and restores them
 * (a type before the types that point at it). A new type is one module and one line here.
 */
import type { AnyRecordType, RelationDeclaration } from './declaration';
import { campaign } from './campaign';
import { dashboard } from './dashboard';
import { deal } from './deal';
import { goal } from './goal';
import { interaction } from './interaction';
import { order } from './order';
import { organization } from './organization';
import { person } from './person';
import { product } from './product';
import { request } from './request';
import { task } from './task';

export type {
	AnyRecordType,
	BaseRow,
	ImportDeclaration,
	ImportField,
	ImportValues,
	RecordTypeDeclaration,
	RelationDeclaration,
	RowLookup,
	TakeParsed
} from './declaration';
export { declareRecordType } from './declaration';
export { campaign, type CampaignRow } from './campaign';
export { dashboard, type DashboardRow } from './dashboard';
export { deal, type DealRow } from './deal';
export { goal, type GoalRow } from './goal';
export { interaction, type InteractionRow } from './interaction';
export { order, type OrderRow } from './order';
export { organization, type OrganizationRow } from './organization';
export { organizationKey } from './organization-import';
export { person, type PersonRow } from './person';
export { product, type ProductRow } from './product';
export { request, type RequestRow } from './request';
export { task, type TaskRow } from './task';

export const RECORD_TYPES = [
	organization,
	person,
	product,
	deal,
	order,
	request,
	interaction,
	task,
	goal,
	campaign,
	dashboard
] as const satisfies readonly AnyRecordType[];

/** A record type's name ('person', …): what a custom field or an import batch applies to. */
export type RecordTypeName = (typeof RECORD_TYPES)[number]['name'];
/** A collection's name ('people', …): a top-level map of the document. */
export type CollectionName = (typeof RECORD_TYPES)[number]['collection'];

const byName = new Map<string, AnyRecordType>(RECORD_TYPES.map((t) => [t.name, t]));
const byCollection = new Map<string, AnyRecordType>(RECORD_TYPES.map((t) => [t.collection, t]));

/** The type of that name, or undefined (a newer peer's type this build does not know). */
export function recordType(name: string): AnyRecordType | undefined {
	return byName.get(name);
}

/** The type stored in that collection, or undefined. */
export function recordTypeOfCollection(collection: string): AnyRecordType | undefined {
	return byCollection.get(collection);
}

/** A relation with the type that declares it: `from.relations` includes `relation`. */
export interface Relation extends RelationDeclaration {
	from: AnyRecordType;
}

/** Every relation of every type. */
export const RELATIONS: readonly Relation[] = (RECORD_TYPES as readonly AnyRecordType[]).flatMap(
	(from) => from.relations.map((r) => ({ ...r, from }))
);

/** The relations pointing at a type (an organization: a person's organizationId). */
export function relationsTo(type: AnyRecordType): Relation[] {
	return RELATIONS.filter((r) => r.to === type.name);
}

/** Checks the declarations against each other; the registry's test runs it. */
export function registryProblems(types: readonly AnyRecordType[] = RECORD_TYPES): string[] {
	const problems: string[] = [];
	const names = new Set<string>();
	const collections = new Set<string>();
	types.forEach((t, i) => {
		if (names.has(t.name)) problems.push(`two types are named "${t.name}"`);
		if (collections.has(t.collection)) problems.push(`two types use "${t.collection}"`);
		names.add(t.name);
		collections.add(t.collection);
		for (const r of t.relations) {
			const target = types.findIndex((x) => x.name === r.to);
			if (target < 0) problems.push(`${t.name}.${r.field} points at unknown type "${r.to}"`);
			else if (target > i) problems.push(`${r.to} must come before ${t.name}`);
			if (!(r.field in t.empty())) problems.push(`${t.name} has no field "${r.field}"`);
		}
		if (!Object.hasOwn(t.segmentFields, 'name'))
			problems.push(`${t.name} rows cannot be found by name`);
	});
	return problems;
}
