/**
 * Validation on read. A peer may be old (fields missing) or buggy (wrong types): whatever it
 * stored, these functions return a complete, displayable record and list every problem as a
 * RecordIssue. They never throw. Missing fields get defaults without an issue; unknown extra
 * keys are ignored here (the data layer keeps them in storage for newer peers).
 */
import {
	CONSENT_STATES,
	CUSTOM_FIELD_TYPES,
	DECISION_ROLES,
	ORGANIZATION_FIELD_LABELS as ORG_LABELS,
	PERSON_FIELD_LABELS as PERSON_LABELS,
	RELATIONSHIP_KINDS,
	type CustomFieldDef,
	type CustomValue,
	type Member,
	type OrganizationFields,
	type PersonFields,
	type RelationshipKind
} from './records';
import type { RecordIssue, Validated } from './issues';
import { coerceCustomValue, currentOptions, optionKey } from './custom-fields';
import { describeRaw } from './describe-raw';
import {
	addressList,
	labelledList,
	nonNegative,
	oneOf,
	optionalId,
	preferences,
	stringList,
	text,
	type Issues
} from './coerce';

/** The field name used when the record itself, not one field, is unreadable. */
export const WHOLE_RECORD = '(record)';

const KIND_ALIASES: Record<string, RelationshipKind> = {
	customer: 'client',
	'former client': 'lost client',
	'ex-client': 'lost client',
	lost: 'lost client',
	vendor: 'supplier',
	coworker: 'colleague'
};

type Raw = Record<string, unknown>;

/** A stored record's fields, or {} with an issue naming the `what` when it is not a set of
 * fields (every type's validation on read starts here). */
export function asRecord(raw: unknown, what: string, issues: Issues): Raw {
	if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) return raw as Raw;
	issues.push({
		field: WHOLE_RECORD,
		message: `The ${what} is unreadable: expected a set of fields, found ${describeRaw(raw)}; showing an empty ${what}.`,
		raw
	});
	return {};
}

export function validatePerson(
	raw: unknown,
	customDefs: readonly CustomFieldDef[] = []
): Validated<PersonFields> {
	const issues: RecordIssue[] = [];
	const r = asRecord(raw, 'person', issues);
	const L = PERSON_LABELS;
	const value: PersonFields = {
		firstName: text(r.firstName, 'firstName', L.firstName, issues),
		lastName: text(r.lastName, 'lastName', L.lastName, issues),
		title: text(r.title, 'title', L.title, issues),
		organizationId: optionalId(r.organizationId, 'organizationId', L.organizationId, issues),
		decisionRole: oneOf(
			r.decisionRole,
			DECISION_ROLES,
			'none',
			'none',
			'decisionRole',
			L.decisionRole,
			issues,
			{ 'decision-maker': 'decision maker', decisionmaker: 'decision maker' }
		),
		kind: oneOf(r.kind, RELATIONSHIP_KINDS, 'lead', 'other', 'kind', L.kind, issues, KIND_ALIASES),
		ownerId: optionalId(r.ownerId, 'ownerId', L.ownerId, issues),
		emails: labelledList(r.emails, 'emails', L.emails, issues),
		phones: labelledList(r.phones, 'phones', L.phones, issues),
		addresses: addressList(r.addresses, 'addresses', L.addresses, issues),
		tags: stringList(r.tags, 'tags', L.tags, issues),
		interests: stringList(r.interests, 'interests', L.interests, issues),
		preferences: preferences(r.preferences, 'preferences', L.preferences, issues),
		focusGroups: stringList(r.focusGroups, 'focusGroups', L.focusGroups, issues),
		// Anything unclear about consent reads as 'unknown': never send mail on a guess.
		consent: oneOf(r.consent, CONSENT_STATES, 'unknown', 'unknown', 'consent', L.consent, issues),
		source: text(r.source, 'source', L.source, issues),
		potentialValue: nonNegative(r.potentialValue, 'potentialValue', L.potentialValue, issues),
		custom: customValues(r.custom, defsFor(customDefs, 'person'), issues)
	};
	return { value, issues };
}

export function validateOrganization(
	raw: unknown,
	customDefs: readonly CustomFieldDef[] = []
): Validated<OrganizationFields> {
	const issues: RecordIssue[] = [];
	const r = asRecord(raw, 'organization', issues);
	const L = ORG_LABELS;
	const value: OrganizationFields = {
		name: text(r.name, 'name', L.name, issues),
		// Missing reads as unstated: organizations an import made before it wrote a kind.
		kind: oneOf(r.kind, RELATIONSHIP_KINDS, 'other', 'other', 'kind', L.kind, issues, KIND_ALIASES),
		ownerId: optionalId(r.ownerId, 'ownerId', L.ownerId, issues),
		website: text(r.website, 'website', L.website, issues),
		industry: text(r.industry, 'industry', L.industry, issues),
		emails: labelledList(r.emails, 'emails', L.emails, issues),
		phones: labelledList(r.phones, 'phones', L.phones, issues),
		addresses: addressList(r.addresses, 'addresses', L.addresses, issues),
		tags: stringList(r.tags, 'tags', L.tags, issues),
		source: text(r.source, 'source', L.source, issues),
		custom: customValues(r.custom, defsFor(customDefs, 'organization'), issues)
	};
	return { value, issues };
}

const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const FUNCTION_COLOR = /^(?:rgb|rgba|hsl|hsla|oklch|oklab|lab|lch)\([\d\s.,%/+-]+\)$/i;
const MEMBER_PALETTE = [
	'#3366cc',
	'#dc3912',
	'#ff9900',
	'#109618',
	'#990099',
	'#0099c6',
	'#dd4477',
	'#66aa00',
	'#b82e2e',
	'#316395'
];

/** A stable colour for a member without a readable one, picked from the id. */
export function defaultMemberColor(id: string): string {
	let h = 0;
	for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0;
	return MEMBER_PALETTE[Math.abs(h) % MEMBER_PALETTE.length];
}

export function validateMember(raw: unknown): Validated<Member> {
	const issues: RecordIssue[] = [];
	const r = asRecord(raw, 'member', issues);
	const id = text(r.id, 'id', 'Id', issues);
	const name = text(r.name, 'name', 'Name', issues);
	let color = defaultMemberColor(id);
	if (typeof r.color === 'string' && (HEX_COLOR.test(r.color) || FUNCTION_COLOR.test(r.color))) {
		color = r.color;
	} else if (r.color !== undefined && r.color !== null && r.color !== '') {
		issues.push({
			field: 'color',
			message: `Colour: expected a CSS colour such as #3366cc, found ${describeRaw(r.color)}; showing ${color}.`,
			raw: r.color
		});
	}
	const emails = stringList(r.emails, 'emails', 'Email addresses', issues);
	// Only a member in a team has the key: a member as before teams reads (and backs up) the same.
	const teamId = optionalId(r.team, 'team', 'Team', issues);
	return { value: { id, name, color, emails, ...(teamId ? { teamId } : {}) }, issues };
}

export function validateCustomFieldDef(raw: unknown): Validated<CustomFieldDef> {
	const issues: RecordIssue[] = [];
	const r = asRecord(raw, 'custom field', issues);
	const id = text(r.id, 'id', 'Id', issues);
	const label = text(r.label, 'label', 'Label', issues);
	const entity = oneOf(
		r.entity,
		['person', 'organization'] as const,
		'person',
		'person',
		'entity',
		'Applies to',
		issues,
		{ people: 'person', organisation: 'organization', organizations: 'organization' }
	);
	// An unknown type from a newer peer reads as text: its values then show as typed.
	const type = oneOf(r.type, CUSTOM_FIELD_TYPES, 'text', 'text', 'type', 'Type', issues, {
		multichoice: 'multi-choice',
		'multiple choice': 'multi-choice',
		bool: 'boolean',
		checkbox: 'boolean'
	});
	const renamed = renames(r.renamed);
	const options = currentOptions(stringList(r.options, 'options', 'Options', issues), renamed);
	let order = 0;
	if (typeof r.order === 'number' && Number.isFinite(r.order)) order = r.order;
	else if (r.order !== undefined && r.order !== null) {
		const n = typeof r.order === 'string' && r.order.trim() !== '' ? Number(r.order) : NaN;
		if (Number.isFinite(n)) order = n;
		issues.push({
			field: 'order',
			message: `Order: expected a number, found ${describeRaw(r.order)}; using ${order}.`,
			raw: r.order
		});
	}
	const value: CustomFieldDef = { id, entity, label: label || id, type, options, order };
	if (renamed) value.renamed = renamed;
	return { value, issues };
}

/** Option renames, old label's key → new label; anything else a peer wrote is left out. */
function renames(raw: unknown): Record<string, string> | undefined {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
	const out: Record<string, string> = {};
	for (const [from, to] of Object.entries(raw)) {
		if (typeof to === 'string' && to.trim() !== '') out[optionKey(from)] = to;
	}
	return Object.keys(out).length ? out : undefined;
}

// Rows are validated in bulk with the same definitions array: index it once per array.
const defIndex = new WeakMap<readonly CustomFieldDef[], Map<string, Map<string, CustomFieldDef>>>();

function defsFor(
	defs: readonly CustomFieldDef[],
	entity: CustomFieldDef['entity']
): Map<string, CustomFieldDef> {
	let byEntity = defIndex.get(defs);
	if (!byEntity) {
		byEntity = new Map();
		defIndex.set(defs, byEntity);
	}
	let m = byEntity.get(entity);
	if (!m) {
		m = new Map();
		for (const d of defs) if (d && d.entity === entity) m.set(d.id, d);
		byEntity.set(entity, m);
	}
	return m;
}

function isCustomValueShape(v: unknown): v is CustomValue {
	if (v === null) return true;
	const t = typeof v;
	if (t === 'string' || t === 'boolean') return true;
	if (t === 'number') return Number.isFinite(v);
	return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function customValues(
	raw: unknown,
	defs: Map<string, CustomFieldDef>,
	issues: Issues
): Record<string, CustomValue> {
	const out: Record<string, CustomValue> = {};
	if (raw === undefined || raw === null) return out;
	if (typeof raw !== 'object' || Array.isArray(raw)) {
		issues.push({
			field: 'custom',
			message: `Custom fields: expected a set of values, found ${describeRaw(raw)}; showing none.`,
			raw
		});
		return out;
	}
	const r = raw as Raw;
	const ids = Object.keys(r);
	for (let k = 0; k < ids.length; k++) {
		const id = ids[k];
		const v = r[id];
		const def = defs.get(id);
		if (id === '__proto__') {
			issues.push({
				field: 'custom',
				message: 'Custom fields: a value named "__proto__" was skipped.',
				raw: v
			});
			continue;
		}
		if (def) {
			const c = coerceCustomValue(def, v);
			out[id] = c.value;
			if (c.issue)
				issues.push({ field: `custom.${id}`, message: `${def.label}: ${c.issue}.`, raw: v });
		} else if (isCustomValueShape(v)) {
			// No definition (yet): definitions sync separately, so keep what is readable.
			out[id] = v;
		} else if (v !== undefined) {
			issues.push({
				field: `custom.${id}`,
				message: `Custom field ${id}: found ${describeRaw(v)}, which no field type can show; showing it empty.`,
				raw: v
			});
		}
	}
	return out;
}
