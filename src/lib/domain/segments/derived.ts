/**
 * The person's values a segment tests that no row holds — what they bought, spent, how often
 * they were contacted, their tasks and deals — and the maths of the conditions on them (a place
 * within a distance, a period). The session looks the values up by the person's id when a
 * segment is tested (SegmentContext.lookups), so 100k rows carry no copy of them.
 */
import type { SegmentFields } from './definition';
import type { Period } from './definition';
import type { SegmentContext } from './context';
import { dayStart, DAY_MS } from './dates';

/** One line bought (domain/purchases/profile.ts's Purchase, as far as a segment reads it). */
export interface BoughtLine {
	at: number;
	productId: string | null;
	/** Folded like search text. */
	category: string;
	amount: number;
}

/** The derived fields of a person, by key; their values come from SegmentContext.lookups. */
export const PERSON_DERIVED_FIELDS = {
	'purchases.lines': { type: 'purchases', label: 'Purchases' },
	'purchases.lifetimeValue': { type: 'number', label: 'Lifetime value' },
	'purchases.orderCount': { type: 'number', label: 'Orders' },
	'purchases.averageOrderValue': { type: 'number', label: 'Average order value' },
	'purchases.lastOrderAt': { type: 'date', label: 'Last order' },
	'purchases.rfmCell': { type: 'choice', label: 'RFM cell' },
	'purchases.churnRisk': { type: 'choice', label: 'Churn risk' },
	'purchases.nextOrderDueAt': { type: 'date', label: 'Next order due' },
	'purchases.daysOverdue': { type: 'number', label: 'Days overdue (next order)' },
	'activity.interactions': { type: 'times', label: 'Interactions' },
	'activity.openTasks': { type: 'number', label: 'Open tasks' },
	'deals.openStages': { type: 'multi-choice', label: 'Open deal in stage' },
	'deals.wonAmount': { type: 'number', label: 'Won deals amount' }
} as const satisfies SegmentFields;

export type PersonDerivedField = keyof typeof PERSON_DERIVED_FIELDS;

/** The moments a period covers, both ends included: [from, to] in ms. */
export function periodBounds(p: Period, ctx: SegmentContext): [number, number] {
	const tz = ctx.timeZone ?? 'local';
	if (p.days !== undefined) return [ctx.now - p.days * DAY_MS, ctx.now];
	return [
		p.from !== undefined ? dayStart(p.from, tz) : -Infinity,
		p.to !== undefined ? dayStart(p.to, tz, 1) - 1 : Infinity
	];
}

const EARTH_KM = 6371.0088;
const RAD = Math.PI / 180;

/** The great-circle distance between two places (haversine), in km. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
	const dLat = (lat2 - lat1) * RAD;
	const dLon = (lon2 - lon1) * RAD;
	const a =
		Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
	return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** A place as a row holds it ([lat, lon] in range), or null. */
export function placeOf(v: unknown): readonly [number, number] | null {
	if (!Array.isArray(v) || v.length !== 2) return null;
	const [lat, lon] = v as unknown[];
	return typeof lat === 'number' &&
		typeof lon === 'number' &&
		Math.abs(lat) <= 90 &&
		Math.abs(lon) <= 180
		? [lat, lon]
		: null;
}

/**
 * "52.52, 13.405" (or "52.52 13.405"; a degree sign is fine) as a place, or null when it is
 * not one: what the builder's place box accepts.
 */
export function parsePlace(text: string): { lat: number; lon: number } | null {
	const m = /^\s*(-?\d+(?:\.\d+)?)\s*°?\s*[,;\s]\s*(-?\d+(?:\.\d+)?)\s*°?\s*$/.exec(text);
	if (!m) return null;
	const lat = Number(m[1]);
	const lon = Number(m[2]);
	return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : null;
}
