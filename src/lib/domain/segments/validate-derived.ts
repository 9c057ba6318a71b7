/**
 * Reading the values of the derived conditions (derived.ts) from anywhere: the value normalised
 * (unknown keys dropped), or what is wrong with it, a sentence ending in a full stop.
 */
import { normalizeIsoDate } from '../custom-fields';
import { describeRaw } from '../describe-raw';
import type { AmountValue, BoughtValue, NearValue, Period } from './definition';

const MAX_DAYS = 100_000;
const MAX_KM = 20_100; // half the Earth's circumference: everything is within it

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function finite(v: unknown): v is number {
	return typeof v === 'number' && Number.isFinite(v);
}

export function readNear(raw: unknown): { value: NearValue } | string {
	if (!isObject(raw)) return `expected a place and a distance, found ${describeRaw(raw)}.`;
	const { lat, lon, km } = raw;
	if (!finite(lat) || Math.abs(lat) > 90)
		return `the latitude must be a number from -90 to 90, found ${describeRaw(lat)}.`;
	if (!finite(lon) || Math.abs(lon) > 180)
		return `the longitude must be a number from -180 to 180, found ${describeRaw(lon)}.`;
	if (!finite(km) || km < 0 || km > MAX_KM)
		return `the distance must be a number of km from 0 to ${MAX_KM}, found ${describeRaw(km)}.`;
	return { value: { lat, lon, km } };
}

/** The period's keys of raw: the last N days, or from/to days (either may be left out). */
function readPeriod(raw: Record<string, unknown>): Period | string {
	const { days, from, to } = raw;
	if (days !== undefined) {
		if (from !== undefined || to !== undefined)
			return 'a period is the last N days or from/to days, not both.';
		if (!Number.isInteger(days) || (days as number) < 0 || (days as number) > MAX_DAYS)
			return `expected a whole number of days from 0 to ${MAX_DAYS}, found ${describeRaw(days)}.`;
		return { days: days as number };
	}
	const out: Period = {};
	for (const [key, v] of [
		['from', from],
		['to', to]
	] as const) {
		if (v === undefined) continue;
		const day = typeof v === 'string' ? normalizeIsoDate(v) : null;
		if (!day) return `${key}: expected a day (YYYY-MM-DD), found ${describeRaw(v)}.`;
		out[key] = day;
	}
	if (out.from !== undefined && out.to !== undefined && out.from > out.to)
		return `from (${out.from}) is after to (${out.to}).`;
	return out;
}

export function readBought(raw: unknown): { value: BoughtValue } | string {
	if (!isObject(raw))
		return `expected a product or category and a period, found ${describeRaw(raw)}.`;
	const period = readPeriod(raw);
	if (typeof period === 'string') return period;
	const { productId, category } = raw;
	const value: BoughtValue = { ...period };
	if (productId !== undefined) {
		if (typeof productId !== 'string' || productId === '')
			return `expected a product id, found ${describeRaw(productId)}.`;
		value.productId = productId;
	}
	if (category !== undefined) {
		if (typeof category !== 'string' || category.trim() === '')
			return `expected a category, found ${describeRaw(category)}.`;
		value.category = category;
	}
	return { value };
}

export function readAmount(raw: unknown): { value: AmountValue } | string {
	if (!isObject(raw)) return `expected an amount and a period, found ${describeRaw(raw)}.`;
	const period = readPeriod(raw);
	if (typeof period === 'string') return period;
	const { min, max } = raw;
	if (!finite(min)) return `expected a number (at least), found ${describeRaw(min)}.`;
	if (max !== undefined && !finite(max))
		return `expected a number (at most), found ${describeRaw(max)}.`;
	if (max !== undefined && min > max) return `at least (${min}) is more than at most (${max}).`;
	return { value: max === undefined ? { ...period, min } : { ...period, min, max } };
}
