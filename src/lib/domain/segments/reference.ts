/**
 * What every condition means, written for reading rather than speed: the specification the
 * compiled predicates (compile-condition.ts) are tested against, and the naive baseline of
 * bench/segment.bench.ts. Rules that hold for every type:
 * - a negative operator (does not contain, is not, ≠, is none of, has none of) is exactly the
 *   opposite of its positive one, so it also matches rows where the field is empty;
 * - a value of the wrong type for its field (a peer's number in a text field) counts as empty;
 * - a condition that cannot be evaluated (unknown custom field, operator that does not fit the
 *   field's type) matches no row: a broken condition never widens who a campaign reaches.
 */
import { fold } from '../search';
import type { SegmentContext, SegmentRow } from './context';
import { dayOf, DAY_MS } from './dates';
import {
	OPERATORS_BY_TYPE,
	isGroup,
	type BoughtValue,
	type SegmentCondition,
	type SegmentNode
} from './definition';
import { resolveField } from './fields';
import { renamedValues } from './renamed-values';
import { distanceKm, periodBounds, placeOf, type BoughtLine } from './derived';

/** Whether a row matches a validated segment (or any node of one). */
export function referenceMatches(row: SegmentRow, node: SegmentNode, ctx: SegmentContext): boolean {
	if (isGroup(node)) {
		if (node.match === 'all') return node.children.every((c) => referenceMatches(row, c, ctx));
		if (node.match === 'any') return node.children.some((c) => referenceMatches(row, c, ctx));
		return false;
	}
	return conditionHolds(row, node, ctx);
}

const NEGATIONS: Partial<Record<SegmentCondition['op'], SegmentCondition['op']>> = {
	not_contains: 'contains',
	is_not: 'is',
	neq: 'eq',
	is_none_of: 'is_any_of',
	has_none_of: 'has_any_of',
	not_bought: 'bought'
};

function conditionHolds(row: SegmentRow, named: SegmentCondition, ctx: SegmentContext): boolean {
	if (named.op === 'picked') return named.value.includes((row as { id: string }).id);
	const field = resolveField(named.field, ctx.customFields, ctx.fields);
	if ('problem' in field) return false;
	const cond = renamedValues(named, field, ctx);
	if (!(OPERATORS_BY_TYPE[field.type] as readonly string[]).includes(cond.op)) return false;
	const positive = NEGATIONS[cond.op];
	if (positive) return !conditionHolds(row, { ...cond, op: positive } as SegmentCondition, ctx);

	const custom = (row as { custom?: Readonly<Record<string, unknown>> }).custom;
	const lookup = 'builtin' in field ? ctx.lookups?.[field.builtin] : undefined;
	const raw: unknown = lookup
		? lookup((row as { id: string }).id)
		: 'builtin' in field
			? (row as Record<string, unknown>)[field.builtin]
			: custom && Object.hasOwn(custom, field.customId)
				? custom[field.customId]
				: undefined;

	switch (field.type) {
		case 'text': {
			const text = typeof raw === 'string' ? raw : '';
			const blank = text.trim() === '';
			switch (cond.op) {
				case 'contains':
					return fold(text).includes(fold(cond.value));
				case 'starts_with':
					return fold(text).startsWith(fold(cond.value));
				case 'is':
					return fold(text) === fold(cond.value.trim());
				case 'is_any_of':
					return cond.value.some((v) => (v === null ? blank : fold(text) === fold(v.trim())));
				case 'is_empty':
					return blank;
				case 'is_not_empty':
					return !blank;
			}
			return false;
		}
		case 'number': {
			const n = typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
			if (cond.op === 'is_empty') return n === null;
			if (cond.op === 'is_not_empty') return n !== null;
			if (n === null) return false;
			return compare(n, cond);
		}
		case 'date': {
			// updatedAt is a moment: it is compared by the day it fell in (in ctx's time zone),
			// except in the relative tests, which count back from now in hours.
			const tz = ctx.timeZone ?? 'local';
			const isMoment = 'builtin' in field;
			const day = isMoment
				? typeof raw === 'number' && Number.isFinite(raw)
					? dayOf(raw, tz)
					: null
				: realDay(raw);
			if (cond.op === 'is_empty') return day === null;
			if (cond.op === 'is_not_empty') return day !== null;
			if (day === null) return false;
			if (cond.op === 'within_last_days' || cond.op === 'more_than_days_ago') {
				const ago = isMoment
					? (ctx.now - (raw as number)) / DAY_MS
					: daysBetween(day, dayOf(ctx.now, tz));
				return cond.op === 'within_last_days' ? ago >= 0 && ago <= cond.value : ago > cond.value;
			}
			return compare(day, cond);
		}
		case 'choice': {
			const choice = typeof raw === 'string' && raw !== '' ? raw : null;
			if (cond.op === 'is_any_of') return cond.value.includes(choice);
			if (cond.op === 'is_empty') return choice === null;
			if (cond.op === 'is_not_empty') return choice !== null;
			return false;
		}
		case 'multi-choice': {
			const list: unknown[] = Array.isArray(raw) ? raw : [];
			if (cond.op === 'has_any_of') return cond.value.some((v) => list.includes(v));
			if (cond.op === 'has_all_of') return cond.value.every((v) => list.includes(v));
			if (cond.op === 'is_empty') return list.length === 0;
			if (cond.op === 'is_not_empty') return list.length > 0;
			return false;
		}
		case 'boolean':
			if (cond.op === 'is_true') return raw === true;
			if (cond.op === 'is_false') return raw === false;
			if (cond.op === 'is_empty') return typeof raw !== 'boolean';
			if (cond.op === 'is_not_empty') return typeof raw === 'boolean';
			return false;
		case 'place': {
			const place = placeOf(raw);
			if (cond.op === 'is_empty') return place === null;
			if (cond.op === 'is_not_empty') return place !== null;
			if (cond.op !== 'within_km' || place === null) return false;
			const { lat, lon, km } = cond.value;
			return distanceKm(lat, lon, place[0], place[1]) <= km;
		}
		case 'purchases': {
			if (cond.op !== 'bought' && cond.op !== 'spent') return false;
			const [from, to] = periodBounds(cond.value, ctx);
			const lines = (Array.isArray(raw) ? raw : []) as BoughtLine[];
			const inPeriod = lines.filter((l) => l.at >= from && l.at <= to);
			if (cond.op === 'spent') {
				const sum = inPeriod.reduce((s, l) => s + (Number.isFinite(l.amount) ? l.amount : 0), 0);
				return sum >= cond.value.min && sum <= (cond.value.max ?? Infinity);
			}
			const { productId, category } = cond.value as BoughtValue;
			return inPeriod.some(
				(l) =>
					(productId === undefined || l.productId === productId) &&
					(category === undefined || l.category === fold(category.trim()))
			);
		}
		case 'times': {
			if (cond.op !== 'count_in_period') return false;
			const [from, to] = periodBounds(cond.value, ctx);
			const n = (Array.isArray(raw) ? (raw as number[]) : []).filter(
				(t) => t >= from && t <= to
			).length;
			return n >= cond.value.min && n <= (cond.value.max ?? Infinity);
		}
	}
	return false;
}

/** A number, or a 'YYYY-MM-DD' day (which sorts as text), against the condition's value. */
function compare<T extends number | string>(v: T, cond: SegmentCondition): boolean {
	if (!('value' in cond)) return false;
	const x = cond.value;
	switch (cond.op) {
		case 'eq':
			return v === x;
		case 'lt':
			return v < (x as T);
		case 'lte':
			return v <= (x as T);
		case 'gt':
			return v > (x as T);
		case 'gte':
			return v >= (x as T);
		case 'between': {
			const [from, to] = x as [T, T];
			return v >= from && v <= to;
		}
	}
	return false;
}

/** The stored day if it is a real one in canonical form, else null. */
function realDay(raw: unknown): string | null {
	if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) return null;
	const [y, m, d] = raw.split('-').map(Number);
	const date = new Date(Date.UTC(2000, m - 1, d));
	// Real: the calendar did not roll it over (Feb 30 → Mar 1); years only matter for Feb 29.
	const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
	if (m === 2 && d === 29 && !leap) return null;
	return date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? raw : null;
}

/** Whole calendar days from one day to a later one. */
function daysBetween(from: string, to: string): number {
	const ms = (iso: string) => {
		const [y, m, d] = iso.split('-').map(Number);
		const date = new Date(0);
		date.setUTCFullYear(y, m - 1, d);
		return date.getTime();
	};
	return Math.round((ms(to) - ms(from)) / DAY_MS);
}
