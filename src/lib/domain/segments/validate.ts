/**
 * Reads a segment definition from anywhere (the CRDT, a file, an old or buggy peer) into a typed
 * one, or lists what is wrong with it, one clear sentence per problem. Never throws.
 * Without custom field definitions a `custom:<id>` condition is checked against its operator
 * only; with them, the field must exist and the operator must fit its type.
 */
import { normalizeIsoDate } from '../custom-fields';
import { describeRaw } from '../describe-raw';
import type { CustomFieldDef } from '../records';
import {
	BUILTIN_FIELDS,
	OPERATORS_BY_TYPE,
	OPERATOR_LABELS,
	PICKED_FIELD,
	customFieldId,
	type FieldRef,
	type FieldType,
	type Operator,
	type SegmentCondition,
	type SegmentDef,
	type SegmentFields,
	type SegmentGroup,
	type SegmentNode
} from './definition';
import { resolveField } from './fields';
import { readAmount, readBought, readNear } from './validate-derived';

export interface SegmentProblem {
	/** Where: '' for the segment itself, '2.1' for the first child of its second child. */
	path: string;
	message: string;
}

export type SegmentValidation =
	{ ok: true; segment: SegmentDef } | { ok: false; problems: SegmentProblem[] };

/** Deeper nesting or more parts than this is not something a person builds. */
export const MAX_DEPTH = 8;
export const MAX_NODES = 500;
export const MAX_LIST = 1_000;
/** A picked list is as long as the figure it was saved from: a whole customer base at most. */
export const MAX_PICKED = 200_000;
const MAX_DAYS = 100_000;

const ALL_OPERATORS = new Set<string>(Object.keys(OPERATOR_LABELS));

interface Walk {
	problems: SegmentProblem[];
	nodes: number;
	customFields: readonly CustomFieldDef[] | null;
	/** The row fields conditions may name (a record type's; BUILTIN_FIELDS by default). */
	fields: SegmentFields;
}

export function validateSegment(
	raw: unknown,
	customFields?: readonly CustomFieldDef[],
	fields: SegmentFields = BUILTIN_FIELDS
): SegmentValidation {
	const walk: Walk = { problems: [], nodes: 0, customFields: customFields ?? null, fields };
	if (!isObject(raw) || !('match' in raw)) {
		return {
			ok: false,
			problems: [
				{ path: '', message: `A segment is a group of conditions, not ${describeRaw(raw)}.` }
			]
		};
	}
	const segment = readGroup(raw, '', 1, walk);
	return segment && walk.problems.length === 0
		? { ok: true, segment }
		: { ok: false, problems: walk.problems };
}

/**
 * One condition on its own, as compileSegment checks each before compiling it: the typed,
 * normalised condition, or null when validateSegment would report a problem.
 */
export function checkCondition(
	raw: unknown,
	customFields: readonly CustomFieldDef[],
	fields: SegmentFields = BUILTIN_FIELDS
): SegmentCondition | null {
	if (!isObject(raw) || 'match' in raw) return null;
	return readCondition(raw, '', { problems: [], nodes: 0, customFields, fields });
}

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function where(path: string): string {
	return path === '' ? 'The segment' : `Part ${path}`;
}

function fail(walk: Walk, path: string, message: string): null {
	walk.problems.push({ path, message: `${where(path)}: ${message}` });
	return null;
}

function readNode(raw: unknown, path: string, depth: number, walk: Walk): SegmentNode | null {
	if (++walk.nodes > MAX_NODES) {
		if (walk.nodes === MAX_NODES + 1)
			fail(walk, path, `more than ${MAX_NODES} parts in one segment.`);
		return null;
	}
	if (!isObject(raw))
		return fail(walk, path, `expected a condition or a group, found ${describeRaw(raw)}.`);
	return 'match' in raw ? readGroup(raw, path, depth, walk) : readCondition(raw, path, walk);
}

function readGroup(
	raw: Record<string, unknown>,
	path: string,
	depth: number,
	walk: Walk
): SegmentGroup | null {
	if (raw.match !== 'all' && raw.match !== 'any') {
		return fail(
			walk,
			path,
			`a group matches "all" or "any" of its parts, not ${describeRaw(raw.match)}.`
		);
	}
	if (!Array.isArray(raw.children)) {
		return fail(walk, path, `a group needs a list of parts, found ${describeRaw(raw.children)}.`);
	}
	if (depth > MAX_DEPTH) return fail(walk, path, `groups nest more than ${MAX_DEPTH} deep.`);
	const children: SegmentNode[] = [];
	const prefix = path === '' ? '' : `${path}.`;
	for (let i = 0; i < raw.children.length; i++) {
		const child = readNode(raw.children[i], `${prefix}${i + 1}`, depth + 1, walk);
		if (child) children.push(child);
		if (walk.nodes > MAX_NODES) return null;
	}
	return { match: raw.match, children };
}

function readCondition(
	raw: Record<string, unknown>,
	path: string,
	walk: Walk
): SegmentCondition | null {
	const { field, op, value } = raw;
	if (typeof field !== 'string' || field === '') {
		return fail(walk, path, `a condition names a field, found ${describeRaw(field)}.`);
	}
	if (typeof op !== 'string' || !ALL_OPERATORS.has(op)) {
		return fail(walk, path, `${describeRaw(op)} is not an operator this version knows.`);
	}
	if (op === 'picked') return readPicked(field, value, path, walk);
	const type = fieldType(field, path, walk);
	if (type === null) return null;
	const label = fieldLabel(field, walk);
	if (type !== undefined && !(OPERATORS_BY_TYPE[type] as readonly string[]).includes(op)) {
		return fail(
			walk,
			path,
			`${label} is a ${type} field: "${OPERATOR_LABELS[op as Operator]}" does not apply to it.`
		);
	}
	const checked = readValue(op as Operator, value, type);
	if (typeof checked === 'string') {
		return fail(walk, path, `${label} ${OPERATOR_LABELS[op as Operator]}: ${checked}`);
	}
	const ref = field as FieldRef;
	return checked.value === undefined
		? ({ field: ref, op } as SegmentCondition)
		: ({ field: ref, op, value: checked.value } as SegmentCondition);
}

/** The field's type; undefined when it is a custom field checked without definitions. */
function fieldType(field: string, path: string, walk: Walk): FieldType | undefined | null {
	if (Object.hasOwn(walk.fields, field)) return walk.fields[field].type;
	if (!customFieldId(field)) return fail(walk, path, `there is no field "${field}".`);
	if (!walk.customFields) return undefined;
	const resolved = resolveField(field, walk.customFields, walk.fields);
	if ('problem' in resolved) return fail(walk, path, `${resolved.problem}.`);
	return resolved.type;
}

function fieldLabel(field: string, walk: Walk): string {
	const resolved = resolveField(field, walk.customFields ?? [], walk.fields);
	return `"${'problem' in resolved ? field : resolved.label}"`;
}

type ConditionValue = Extract<SegmentCondition, { value: unknown }>['value'];
type Checked = { value: ConditionValue | undefined };

/** The value, normalised, or what is wrong with it (a sentence ending in a full stop). */
function readValue(op: Operator, value: unknown, type: FieldType | undefined): Checked | string {
	switch (op) {
		case 'contains':
		case 'not_contains':
		case 'is':
		case 'is_not':
		case 'starts_with':
			return typeof value === 'string' ? { value } : `expected text, found ${describeRaw(value)}.`;
		case 'is_any_of':
		case 'is_none_of':
			return readList(value, true);
		case 'has_any_of':
		case 'has_all_of':
		case 'has_none_of':
			return readList(value, false);
		case 'eq':
		case 'neq':
		case 'lt':
		case 'lte':
		case 'gt':
		case 'gte': {
			const v = readPoint(value, type);
			return typeof v === 'string' ? v : { value: v.point };
		}
		case 'between':
			return readRange(value, type);
		case 'within_last_days':
		case 'more_than_days_ago':
			return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_DAYS
				? { value: value as number }
				: `expected a whole number of days from 0 to ${MAX_DAYS.toLocaleString('en-US')}, found ${describeRaw(value)}.`;
		case 'is_true':
		case 'is_false':
		case 'is_empty':
		case 'is_not_empty':
			// Takes no value: whatever a peer left there is dropped.
			return { value: undefined };
		case 'within_km':
			return readNear(value);
		case 'bought':
		case 'not_bought':
			return readBought(value);
		case 'spent':
		case 'count_in_period':
			return readAmount(value);
		case 'picked':
			return 'picked people are read on their own (readPicked).';
	}
}

/**
 * A fixed list of people: its ids, distinct; what is not an id (a buggy peer's number) is
 * dropped rather than breaking the whole segment, since the rest of the list still stands.
 */
function readPicked(
	field: string,
	value: unknown,
	path: string,
	walk: Walk
): SegmentCondition | null {
	if (field !== PICKED_FIELD)
		return fail(walk, path, `picked people are tested on "${PICKED_FIELD}", not "${field}".`);
	if (!Array.isArray(value))
		return fail(walk, path, `picked people: expected a list of ids, found ${describeRaw(value)}.`);
	if (value.length > MAX_PICKED)
		return fail(walk, path, `picked people: more than ${MAX_PICKED.toLocaleString('en-US')}.`);
	const ids = [...new Set(value.filter((v): v is string => typeof v === 'string' && v !== ''))];
	return { field: PICKED_FIELD, op: 'picked', value: ids };
}

function readList(value: unknown, allowNull: boolean): Checked | string {
	if (!Array.isArray(value)) return `expected a list of values, found ${describeRaw(value)}.`;
	if (value.length > MAX_LIST) return `a list of more than ${MAX_LIST} values.`;
	const out: (string | null)[] = [];
	for (const v of value) {
		if (typeof v === 'string' || (allowNull && v === null)) out.push(v);
		else
			return `the list holds ${describeRaw(v)}, expected only text${allowNull ? ' (or null for "empty")' : ''}.`;
	}
	return { value: out as string[] };
}

/** One number or one day, as the field type wants. */
function readPoint(
	value: unknown,
	type: FieldType | undefined
): { point: number | string } | string {
	if (type !== 'date' && typeof value === 'number' && Number.isFinite(value))
		return { point: value };
	if (type !== 'number' && typeof value === 'string') {
		const day = normalizeIsoDate(value);
		if (day) return { point: day };
	}
	const expected =
		type === 'number'
			? 'a number'
			: type === 'date'
				? 'a day (YYYY-MM-DD)'
				: 'a number or a day (YYYY-MM-DD)';
	return `expected ${expected}, found ${describeRaw(value)}.`;
}

function readRange(value: unknown, type: FieldType | undefined): Checked | string {
	if (!Array.isArray(value) || value.length !== 2) {
		return `expected two values (from, to), found ${describeRaw(value)}.`;
	}
	const from = readPoint(value[0], type);
	if (typeof from === 'string') return `from: ${from}`;
	const to = readPoint(value[1], type);
	if (typeof to === 'string') return `to: ${to}`;
	if (typeof from.point !== typeof to.point)
		return 'from and to must both be numbers or both days.';
	if (from.point > to.point) return `from (${from.point}) is after to (${to.point}).`;
	return { value: [from.point, to.point] as [number, number] | [string, string] };
}
