/**
 * Date conditions. updatedAt is a moment (ms): a day in a condition becomes the range of moments
 * it covers, in ctx's time zone. Custom dates are 'YYYY-MM-DD' days, which compare as text.
 */
import { addDays, dayOf, dayStart, DAY_MS, isIsoDay } from './dates';
import type { SegmentCondition } from './definition';
import type { SegmentContext } from './context';
import {
	COST,
	NEVER,
	compare,
	emptinessTest,
	isEmptyNumber,
	not,
	type CompiledTest,
	type Read
} from './compiled-test';

/** [from, to) as numbers: moments for updatedAt. */
function inRange(read: Read, from: number, to: number): CompiledTest {
	return {
		test: (r) => {
			const v = read(r);
			return Number.isFinite(v) && (v as number) >= from && (v as number) < to;
		},
		cost: COST.number
	};
}

/** A date condition on a moment (ms): each day becomes the range of moments it covers. */
export function momentTest(read: Read, cond: SegmentCondition, ctx: SegmentContext): CompiledTest {
	const tz = ctx.timeZone ?? 'local';
	switch (cond.op) {
		case 'eq':
		case 'neq':
		case 'lt':
		case 'lte':
		case 'gt':
		case 'gte': {
			const d = cond.value;
			if (!isIsoDay(d)) return NEVER;
			const start = dayStart(d, tz);
			const end = dayStart(d, tz, 1);
			if (cond.op === 'eq') return inRange(read, start, end);
			if (cond.op === 'neq') return not(inRange(read, start, end));
			if (cond.op === 'lt') return inRange(read, -Infinity, start);
			if (cond.op === 'lte') return inRange(read, -Infinity, end);
			if (cond.op === 'gt') return inRange(read, end, Infinity);
			return inRange(read, start, Infinity);
		}
		case 'between': {
			const [from, to] = cond.value;
			if (!isIsoDay(from) || !isIsoDay(to)) return NEVER;
			return inRange(read, dayStart(from, tz), dayStart(to, tz, 1));
		}
		case 'within_last_days': {
			const from = ctx.now - cond.value * DAY_MS;
			const now = ctx.now;
			return {
				test: (r) => {
					const v = read(r);
					return Number.isFinite(v) && (v as number) >= from && (v as number) <= now;
				},
				cost: COST.number
			};
		}
		case 'more_than_days_ago':
			return inRange(read, -Infinity, ctx.now - cond.value * DAY_MS);
		default:
			return emptinessTest(read, cond, isEmptyNumber, COST.number);
	}
}

function isEmptyDay(v: unknown): boolean {
	return !isIsoDay(v);
}

/** A date condition on a custom date: 'YYYY-MM-DD' days compare as text. */
export function dayTest(read: Read, cond: SegmentCondition, ctx: SegmentContext): CompiledTest {
	switch (cond.op) {
		case 'eq':
		case 'lt':
		case 'lte':
		case 'gt':
		case 'gte':
			return isIsoDay(cond.value) ? compare(read, cond.op, cond.value) : NEVER;
		case 'neq':
			return not(dayTest(read, { ...cond, op: 'eq' }, ctx));
		case 'between': {
			const [from, to] = cond.value;
			if (!isIsoDay(from) || !isIsoDay(to)) return NEVER;
			return {
				test: (r) => {
					const v = read(r);
					return isIsoDay(v) && v >= from && v <= to;
				},
				cost: COST.string
			};
		}
		case 'within_last_days': {
			const today = dayOf(ctx.now, ctx.timeZone ?? 'local');
			return dayTest(
				read,
				{ ...cond, op: 'between', value: [addDays(today, -cond.value), today] },
				ctx
			);
		}
		case 'more_than_days_ago': {
			const today = dayOf(ctx.now, ctx.timeZone ?? 'local');
			return compare(read, 'lt', addDays(today, -cond.value));
		}
		default:
			return emptinessTest(read, cond, isEmptyDay, COST.string);
	}
}
