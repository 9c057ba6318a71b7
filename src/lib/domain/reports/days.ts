/**
 * A deal's close date is a day (stored as that day's UTC midnight), not an instant: 31 January
 * is January's in every zone. Deals are placed in "day space" — the UTC midnight of their day —
 * and a period cut at the user's midnights is turned into the same space, so a close date on
 * the period's last day is in, in Berlin as in New York.
 */
import type { Span } from './report';
import { zoneCalendar } from './zone-calendar';

/** The UTC midnight of the zone's calendar day holding `ms` (from the zone's calendar: no Intl
 * format per deal). */
export function zoneDay(ms: number, zone: string): number {
	return zoneCalendar(zone).dayOf(ms);
}

/** The period in day space: [first day, day after the last) as UTC midnights. */
export function daySpan(span: Span, zone: string): Span {
	return { from: zoneDay(span.from, zone), to: zoneDay(span.to, zone) };
}

/** Where a closed deal counts: its expected close day, else the day it was last edited. */
export function closedDay(
	d: { expectedCloseAt: number | null; updatedAt: number },
	zone: string
): number {
	return d.expectedCloseAt ?? zoneDay(d.updatedAt, zone);
}
