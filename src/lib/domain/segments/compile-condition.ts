/**
 * One condition compiled into a test on a row: the value is folded, parsed and put in a Set once,
 * and the test itself does no allocation. Each test is the exact meaning written in
 * reference.ts; a condition that cannot be evaluated (its custom field is gone, or its operator
 * does not fit the field's type) matches no row.
 */
import { fold } from '../search';
import type { CustomValue } from '../records';
import { OPERATORS_BY_TYPE, type SegmentCondition } from './definition';
import { resolveField, type ResolvedField } from './fields';
import { renamedValues } from './renamed-values';
import { foldedEquals, foldedIncludes, foldedStartsWith } from './folded-text';
import type { SegmentContext } from './context';
import { dayTest, momentTest } from './compile-dates';
import { placeTest, purchasesTest, timesTest } from './compile-derived';
import {
	ALWAYS,
	COST,
	NEVER,
	compare,
	emptinessTest,
	isEmptyNumber,
	not,
	type CompiledTest,
	type Read
} from './compiled-test';

export function compileCondition(cond: SegmentCondition, ctx: SegmentContext): CompiledTest {
	if (cond.op === 'picked') {
		const ids = new Set(cond.value);
		return { test: (r) => ids.has((r as { id: string }).id), cost: COST.string };
	}
	const field = resolveField(cond.field, ctx.customFields, ctx.fields);
	if ('problem' in field) return NEVER;
	const ops = OPERATORS_BY_TYPE[field.type] as readonly string[] | undefined;
	if (!ops?.includes(cond.op)) return NEVER;
	const read = reader(field, ctx);
	switch (field.type) {
		case 'text':
			return textTest(read, cond);
		case 'number':
			return numberTest(read, cond);
		case 'date':
			return 'builtin' in field ? momentTest(read, cond, ctx) : dayTest(read, cond, ctx);
		case 'choice':
			return choiceTest(read, renamedValues(cond, field, ctx));
		case 'multi-choice':
			return setTest(read, renamedValues(cond, field, ctx));
		case 'boolean':
			return booleanTest(read, cond);
		case 'place':
			return placeTest(read, cond);
		case 'purchases':
			return purchasesTest(read, cond, ctx);
		case 'times':
			return timesTest(read, cond, ctx);
		default:
			return NEVER;
	}
}

/**
 * One small reader per field: a custom field's from `custom`, a looked-up one (derived.ts) by
 * the row's id, a declared one by its name.
 */
function reader(field: ResolvedField, ctx: SegmentContext): Read {
	if ('customId' in field) {
		const id = field.customId;
		return (r) => (r as { custom?: Record<string, CustomValue> }).custom?.[id];
	}
	const lookup = ctx.lookups?.[field.builtin];
	if (lookup) return (r) => lookup((r as { id: string }).id);
	return declaredReader(field.builtin);
}

type Row = Readonly<Record<string, unknown>>;

/**
 * Readers of declared fields, each written out once so that each has its own place in the
 * engine's inline caches: a slot only ever reads one field name, from the few row shapes of
 * the types declaring it, and stays monomorphic. One shared `(r) => r[name]` would see every
 * field of every type and run about a third slower over 100k rows (measured against the
 * hand-written per-field readers this replaces). Field names take the next free slot the first
 * time they are compiled; past the last, they share one reader.
 */
const SLOTS: readonly ((name: string) => Read)[] = [
	(n) => (r) => (r as Row)[n],
	(n) => (r) => (r as Row)[n],
	(n) => (r) => (r as Row)[n],
	(n) => (r) => (r as Row)[n],
	(n) => (r) => (r as Row)[n],
	(n) => (r) => (r as Row)[n],
	(n) => (r) => (r as Row)[n],
	(n) => (r) => (r as Row)[n],
	(n) => (r) => (r as Row)[n],
	(n) => (r) => (r as Row)[n],
	(n) => (r) => (r as Row)[n],
	(n) => (r) => (r as Row)[n],
	(n) => (r) => (r as Row)[n],
	(n) => (r) => (r as Row)[n],
	(n) => (r) => (r as Row)[n],
	(n) => (r) => (r as Row)[n]
];
const slotOf = new Map<string, number>();

function declaredReader(name: string): Read {
	let slot = slotOf.get(name);
	if (slot === undefined && slotOf.size < SLOTS.length) slotOf.set(name, (slot = slotOf.size));
	return slot === undefined ? (r) => (r as Row)[name] : SLOTS[slot](name);
}

/** Blank: not text, or only white space (trim() runs only when the first character is one). */
function isBlank(v: unknown): boolean {
	if (typeof v !== 'string' || v.length === 0) return true;
	const c = v.charCodeAt(0);
	if (c > 32 && c < 0x1680 && c !== 0xa0) return false;
	return v.trim() === '';
}

function textOf(v: unknown): string {
	return typeof v === 'string' ? v : '';
}

function textTest(read: Read, cond: SegmentCondition): CompiledTest {
	switch (cond.op) {
		case 'contains': {
			const needle = fold(cond.value);
			return { test: (r) => foldedIncludes(textOf(read(r)), needle), cost: COST.text };
		}
		case 'not_contains':
			return not(textTest(read, { ...cond, op: 'contains' }));
		case 'is': {
			const needle = fold(cond.value.trim());
			return { test: (r) => foldedEquals(textOf(read(r)), needle), cost: COST.text };
		}
		case 'is_not':
			return not(textTest(read, { ...cond, op: 'is' }));
		case 'starts_with': {
			const needle = fold(cond.value);
			return { test: (r) => foldedStartsWith(textOf(read(r)), needle), cost: COST.text };
		}
		case 'is_any_of': {
			const blank = cond.value.includes(null);
			const needles = [...new Set(cond.value.flatMap((v) => (v === null ? [] : [fold(v.trim())])))];
			return {
				test: (r) => {
					const v = read(r);
					if (blank && isBlank(v)) return true;
					const s = textOf(v);
					for (let i = 0; i < needles.length; i++) if (foldedEquals(s, needles[i])) return true;
					return false;
				},
				// Most values differ from a needle at the first letter: a cheap compare each.
				cost: COST.string + needles.length / 2
			};
		}
		case 'is_none_of':
			return not(textTest(read, { ...cond, op: 'is_any_of' }));
		default:
			return emptinessTest(read, cond, isBlank, COST.string);
	}
}

function numberTest(read: Read, cond: SegmentCondition): CompiledTest {
	switch (cond.op) {
		case 'eq':
		case 'lt':
		case 'lte':
		case 'gt':
		case 'gte':
			return typeof cond.value === 'number' ? compare(read, cond.op, cond.value) : NEVER;
		case 'neq':
			return not(numberTest(read, { ...cond, op: 'eq' }));
		case 'between': {
			const [lo, hi] = cond.value;
			if (typeof lo !== 'number' || typeof hi !== 'number') return NEVER;
			return {
				test: (r) => {
					const v = read(r);
					return Number.isFinite(v) && (v as number) >= lo && (v as number) <= hi;
				},
				cost: COST.number
			};
		}
		default:
			return emptinessTest(read, cond, isEmptyNumber, COST.number);
	}
}

/** A single choice, kind or owner: an empty one reads as null, which a list may name. */
function choiceTest(read: Read, cond: SegmentCondition): CompiledTest {
	switch (cond.op) {
		case 'is_any_of': {
			const wanted = new Set<string | null>(cond.value);
			return {
				test: (r) => {
					const v = read(r);
					return wanted.has(typeof v === 'string' && v !== '' ? v : null);
				},
				cost: COST.string
			};
		}
		case 'is_none_of':
			return not(choiceTest(read, { ...cond, op: 'is_any_of' }));
		default:
			return emptinessTest(read, cond, (v) => typeof v !== 'string' || v === '', COST.string);
	}
}

/** Tags and multi-choice values: lists of exact values. */
function setTest(read: Read, cond: SegmentCondition): CompiledTest {
	switch (cond.op) {
		case 'has_any_of': {
			const wanted = new Set<unknown>(cond.value);
			return {
				test: (r) => {
					const v = read(r);
					if (!Array.isArray(v)) return false;
					for (let i = 0; i < v.length; i++) if (wanted.has(v[i])) return true;
					return false;
				},
				cost: COST.list
			};
		}
		case 'has_all_of': {
			const required = [...new Set(cond.value)];
			if (required.length === 0) return ALWAYS;
			return {
				test: (r) => {
					const v = read(r);
					if (!Array.isArray(v)) return false;
					for (let i = 0; i < required.length; i++) if (!v.includes(required[i])) return false;
					return true;
				},
				cost: COST.list
			};
		}
		case 'has_none_of':
			return not(setTest(read, { ...cond, op: 'has_any_of' }));
		default:
			return emptinessTest(read, cond, (v) => !Array.isArray(v) || v.length === 0, COST.list);
	}
}

function booleanTest(read: Read, cond: SegmentCondition): CompiledTest {
	switch (cond.op) {
		case 'is_true':
			return { test: (r) => read(r) === true, cost: COST.number };
		case 'is_false':
			return { test: (r) => read(r) === false, cost: COST.number };
		default:
			return emptinessTest(read, cond, (v) => typeof v !== 'boolean', COST.number);
	}
}
