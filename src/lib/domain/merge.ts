/**
 * Merging two records that describe the same person or organization. Nothing is lost: lists
 * are united, empty fields are filled from the other record, and where both hold different
 * values the kept record's value stays and the other one is returned as a conflict (the UI
 * shows them; the data layer appends them to the notes).
 */
import type {
	Address,
	CustomValue,
	LabelledValue,
	OrganizationFields,
	PersonFields,
	Preferences
} from './records';
import { fold } from './fold';
import { emailKey, phoneKey } from './contact-keys';
import { describeValue, isEmpty, sameValue } from './history';

export interface MergeConflict {
	/** A field name, or 'preferences.<key>' / 'custom.<field id>'. */
	field: string;
	kept: unknown;
	other: unknown;
}

export interface MergeResult<T> {
	merged: T;
	conflicts: MergeConflict[];
}

/** Merges `other` into `keep`; see the module comment. Neither input is changed. */
/** For a type whose records are not added up (a goal, a campaign): the kept one as it is. */
export function keepAsIs<T>(keep: T): MergeResult<T> {
	return { merged: { ...keep }, conflicts: [] };
}

export function mergePeople(keep: PersonFields, other: PersonFields): MergeResult<PersonFields> {
	const conflicts: MergeConflict[] = [];
	const pick = scalarPicker(conflicts);
	const merged: PersonFields = {
		firstName: pick('firstName', keep.firstName, other.firstName),
		lastName: pick('lastName', keep.lastName, other.lastName),
		title: pick('title', keep.title, other.title),
		organizationId: pick('organizationId', keep.organizationId, other.organizationId),
		decisionRole: pick('decisionRole', keep.decisionRole, other.decisionRole, 'none'),
		kind: pick('kind', keep.kind, other.kind),
		ownerId: pick('ownerId', keep.ownerId, other.ownerId),
		emails: unionLabelled(keep.emails, other.emails, emailIdentity),
		phones: unionLabelled(keep.phones, other.phones, phoneIdentity),
		addresses: unionBy(keep.addresses, other.addresses, addressIdentity),
		tags: unionBy(keep.tags, other.tags, textIdentity),
		interests: unionBy(keep.interests, other.interests, textIdentity),
		preferences: mergePreferences(keep.preferences, other.preferences, conflicts),
		focusGroups: unionBy(keep.focusGroups, other.focusGroups, textIdentity),
		consent: mergeConsent(keep.consent, other.consent, conflicts),
		source: pick('source', keep.source, other.source),
		potentialValue: pick('potentialValue', keep.potentialValue, other.potentialValue),
		custom: mergeCustom(keep.custom, other.custom, conflicts)
	};
	return { merged, conflicts };
}

/** Merges `other` into `keep`, as mergePeople does. */
export function mergeOrganizations(
	keep: OrganizationFields,
	other: OrganizationFields
): MergeResult<OrganizationFields> {
	const conflicts: MergeConflict[] = [];
	const pick = scalarPicker(conflicts);
	const merged: OrganizationFields = {
		name: pick('name', keep.name, other.name),
		kind: pick('kind', keep.kind, other.kind),
		ownerId: pick('ownerId', keep.ownerId, other.ownerId),
		website: pick('website', keep.website, other.website),
		industry: pick('industry', keep.industry, other.industry),
		emails: unionLabelled(keep.emails, other.emails, emailIdentity),
		phones: unionLabelled(keep.phones, other.phones, phoneIdentity),
		addresses: unionBy(keep.addresses, other.addresses, addressIdentity),
		tags: unionBy(keep.tags, other.tags, textIdentity),
		source: pick('source', keep.source, other.source),
		custom: mergeCustom(keep.custom, other.custom, conflicts)
	};
	return { merged, conflicts };
}

/**
 * The conflicts as lines for the kept record's notes, e.g.
 * "Title: CEO (from the merged record)". `labels` names the fields (else the field key).
 */
export function describeConflicts(
	conflicts: readonly MergeConflict[],
	labels: Readonly<Record<string, string>> = {}
): string {
	return conflicts
		.map((c) => `${labels[c.field] ?? c.field}: ${describeValue(c.other)} (from the merged record)`)
		.join('\n');
}

function scalarPicker(conflicts: MergeConflict[]) {
	return <T>(field: string, kept: T, other: T, emptyValue?: T): T => {
		const keptEmpty = isBlank(kept) || kept === emptyValue;
		const otherEmpty = isBlank(other) || other === emptyValue;
		if (keptEmpty) return otherEmpty ? kept : other;
		if (!otherEmpty && !sameText(kept, other)) conflicts.push({ field, kept, other });
		return kept;
	};
}

function isBlank(v: unknown): boolean {
	return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

function sameText(a: unknown, b: unknown): boolean {
	return typeof a === 'string' && typeof b === 'string' ? a.trim() === b.trim() : a === b;
}

/**
 * Consent: a refusal wins over a grant, whichever record is kept, as mailing someone who
 * said no is the worse mistake. 'unknown' yields to either.
 */
function mergeConsent(
	kept: PersonFields['consent'],
	other: PersonFields['consent'],
	conflicts: MergeConflict[]
): PersonFields['consent'] {
	if (kept === other || other === 'unknown') return kept;
	if (kept === 'unknown') return other;
	conflicts.push({ field: 'consent', kept, other });
	return 'refused';
}

function unionBy<T>(a: readonly T[], b: readonly T[], identity: (x: T) => string): T[] {
	const seen = new Set<string>();
	const out: T[] = [];
	for (const x of [...a, ...b]) {
		const id = identity(x);
		if (seen.has(id)) continue;
		seen.add(id);
		out.push(x);
	}
	return out;
}

/** A union of emails or phones; a duplicate without a label lends nothing, one with a label fills an empty label. */
function unionLabelled(
	a: readonly LabelledValue[],
	b: readonly LabelledValue[],
	identity: (v: string) => string
): LabelledValue[] {
	const byId = new Map<string, LabelledValue>();
	for (const x of [...a, ...b]) {
		if (x.value.trim() === '') continue;
		const id = identity(x.value);
		const seen = byId.get(id);
		if (!seen) byId.set(id, { label: x.label, value: x.value });
		else if (seen.label === '' && x.label !== '') seen.label = x.label;
	}
	return [...byId.values()];
}

const emailIdentity = emailKey;
// Same number with or without the country prefix; too short to tell: compare the text.
const phoneIdentity = (v: string) => phoneKey(v) || `t${v.trim()}`;
const textIdentity = (v: string) => fold(v.trim());
const addressIdentity = (a: Address) =>
	[a.street, a.postcode, a.city, a.region, a.country].map((s) => fold(s.trim())).join('\u0000');

function mergePreferences(
	kept: Preferences,
	other: Preferences,
	conflicts: MergeConflict[]
): Preferences {
	const out: Preferences = { ...kept };
	for (const [k, v] of Object.entries(other)) {
		if (isBlank(out[k])) {
			if (!isBlank(v)) out[k] = v;
		} else if (!isBlank(v) && !sameText(out[k], v)) {
			conflicts.push({ field: `preferences.${k}`, kept: out[k], other: v });
		}
	}
	return out;
}

function mergeCustom(
	kept: Record<string, CustomValue>,
	other: Record<string, CustomValue>,
	conflicts: MergeConflict[]
): Record<string, CustomValue> {
	const out: Record<string, CustomValue> = { ...kept };
	for (const [k, v] of Object.entries(other)) {
		if (isEmpty(out[k])) {
			if (!isEmpty(v)) out[k] = v;
			else if (!(k in out)) out[k] = v;
		} else if (!isEmpty(v) && !sameValue(out[k], v)) {
			conflicts.push({ field: `custom.${k}`, kept: out[k], other: v });
		}
	}
	return out;
}
