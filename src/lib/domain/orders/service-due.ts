/**
 * When a customer's next service is due: the day an order was placed plus the service interval,
 * in calendar months (date-fns clamps to the month's end: 31 January + 1 month is 28 or 29
 * February), and the reminder ahead of it. Days are calendar days ('2026-12-01').
 */
import { addMonths } from 'date-fns';
import { addDays, dueInstant } from '../tasks/due';

/** How long before the due day the owner is reminded, and at what time of their day. */
export const REMIND_DAYS_AHEAD = 14;
export const REMIND_AT = '09:00';

/** `day` plus `months` calendar months. */
export function addCalendarMonths(day: string, months: number): string {
	const [y, m, d] = day.split('-').map(Number);
	// A local date at noon: addMonths works on local fields, and noon is never skipped by a clock change.
	const next = addMonths(new Date(y, m - 1, d, 12), months);
	const mm = String(next.getMonth() + 1).padStart(2, '0');
	const dd = String(next.getDate()).padStart(2, '0');
	return `${next.getFullYear()}-${mm}-${dd}`;
}

/**
 * The next service after an order placed on `orderedDay`: `months` after it, or, for an order
 * entered long after the fact, the first such day (every `months` from the order) not before
 * `today`, so an old order plans the coming service rather than one already missed. Each is
 * counted from the order day, so month ends do not drift (31 Jan → 28 Feb → 31 Mar).
 */
export function nextServiceDue(orderedDay: string, months: number, today: string): string {
	let due = addCalendarMonths(orderedDay, months);
	// Bounded: an order 600 years back with a 1-month interval stops here rather than looping on.
	for (let k = 2; due < today && k <= 10_000; k++) due = addCalendarMonths(orderedDay, k * months);
	return due;
}

/**
 * The reminder of a service due on `dueDay`: REMIND_DAYS_AHEAD days before, at REMIND_AT in
 * `zone`; null when that moment has already passed at `now` (no reminder rings for the past).
 */
export function serviceReminderAt(dueDay: string, zone: string, now: number): number | null {
	const at = dueInstant(addDays(dueDay, -REMIND_DAYS_AHEAD), REMIND_AT, zone);
	return at > now ? at : null;
}

/** Whether `day` is one of the service days of an order placed on `orderedDay` (k × months after it). */
export function onServiceSchedule(orderedDay: string, months: number, day: string): boolean {
	const monthOf = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7));
	const k = Math.round((monthOf(day) - monthOf(orderedDay)) / months);
	return k >= 1 && addCalendarMonths(orderedDay, k * months) === day;
}

/** What a line needs of its product: its service interval, or null (none, or not found). */
export type IntervalOf = (productId: string) => number | null;

/** One service an order plans: for a product (or a line without one), every `months`. */
export interface PlannedService {
	/** The product's id, or `line<n>` for a line without a product: names its task. */
	key: string;
	/** What the task calls it. */
	name: string;
	months: number;
}

/**
 * The services an order's lines need: each line's interval is the order's own, else its
 * product's; a product on two lines is serviced once.
 */
export function plannedServices(
	o: {
		serviceIntervalMonths: number | null;
		lines: readonly { productId: string | null; name: string; sku: string }[];
	},
	intervalOf: IntervalOf
): PlannedService[] {
	const out: PlannedService[] = [];
	o.lines.forEach((line, i) => {
		const months = o.serviceIntervalMonths ?? (line.productId ? intervalOf(line.productId) : null);
		const key = line.productId ?? `line${i + 1}`;
		if (months === null || out.some((s) => s.key === key)) return;
		out.push({ key, name: line.name || line.sku || 'product', months });
	});
	return out;
}
