/**
 * A zone's midnights without a date-fns-tz call per record: the dashboards place 7,000 won deals
 * and 20,000 closed ones at the zone's midnights, and one fromZonedTime or Intl format per deal
 * took ~120 ms of the first render's task. Per month of the calendar the zone's midnight starting
 * it is computed once (date-fns-tz, as period.ts does); a month whose next month starts exactly
 * its length of days later has no clock change, so each of its days starts a whole number of
 * days after the first. In a month with a clock change each day's midnight is computed once
 * (date-fns-tz) and an instant's day is the one whose midnight is the last at or before it — the
 * same answers as zonedDayStart and zoneDay (Intl) everywhere (zone-calendar.test.ts).
 */
import { fromZonedTime } from 'date-fns-tz/fromZonedTime';
import { isTimeZone } from '../time-zones';
import { dayInZone } from '../zoned-time';

const DAY = 86_400_000;

interface Month {
	/** The UTC midnight of its first day (day space). */
	first: number;
	/** The zone's midnight starting it, and starting the next month. */
	start: number;
	next: number;
	/** True when no clock change falls in it: day k starts at start + k days. */
	plain: boolean;
}

export class ZoneCalendar {
	readonly #months = new Map<number, Month>();
	readonly #midnights = new Map<number, number>();
	readonly #turns = new Map<number, boolean>();
	/** dayInZone reads a zone Intl does not know as the device's: no table for it. */
	readonly #known: boolean;

	constructor(readonly zone: string) {
		this.#known = isTimeZone(zone);
	}

	/** The zone's midnight starting the day whose UTC midnight is `day` (fromZonedTime's answer). */
	midnight(day: number): number {
		const d = new Date(day);
		const m = this.#month(d.getUTCFullYear() * 12 + d.getUTCMonth());
		if (m.plain) return m.start + (day - m.first);
		let hit = this.#midnights.get(day);
		if (hit === undefined) this.#midnights.set(day, (hit = this.#fromZoned(day)));
		return hit;
	}

	/** The UTC midnight of the zone's calendar day holding `ms` (days.ts's zoneDay). */
	dayOf(ms: number): number {
		if (!this.#known) return Date.parse(`${dayInZone(ms, this.zone)}T00:00:00Z`);
		const d = new Date(ms);
		let index = d.getUTCFullYear() * 12 + d.getUTCMonth();
		let m = this.#month(index);
		// A zone's day is at most a day off UTC's: the month before or after, at most.
		if (ms < m.start) m = this.#month(--index);
		else if (ms >= m.next) m = this.#month(++index);
		if (!(ms >= m.start && ms < m.next)) return Date.parse(`${dayInZone(ms, this.zone)}T00:00:00Z`);
		let day = m.first + Math.floor((ms - m.start) / DAY) * DAY;
		if (m.plain) return day;
		// A clock change in the month: the day whose midnight is the last at or before `ms`, when
		// Intl agrees that both its midnight and the next day's start a day there (a midnight the
		// clocks skip, as in Santiago, is placed elsewhere by date-fns-tz: Intl answers then).
		while (day > m.first && this.midnight(day) > ms) day -= DAY;
		while (this.midnight(day + DAY) <= ms) day += DAY;
		if (this.#startsDay(day) && this.#startsDay(day + DAY)) return day;
		return Date.parse(`${dayInZone(ms, this.zone)}T00:00:00Z`);
	}

	/** Whether the day's midnight (date-fns-tz) is where Intl's calendar turns to that day. */
	#startsDay(day: number): boolean {
		let ok = this.#turns.get(day);
		if (ok === undefined) {
			const at = this.midnight(day);
			const name = new Date(day).toISOString().slice(0, 10);
			ok = dayInZone(at, this.zone) === name && dayInZone(at - 1, this.zone) !== name;
			this.#turns.set(day, ok);
		}
		return ok;
	}

	#month(index: number): Month {
		let m = this.#months.get(index);
		if (!m) {
			const year = Math.floor(index / 12);
			const month = index - year * 12;
			const first = Date.UTC(year, month, 1);
			const following = Date.UTC(year, month + 1, 1);
			const start = this.#fromZoned(first);
			const next = this.#fromZoned(following);
			m = { first, start, next, plain: next - start === following - first };
			this.#months.set(index, m);
		}
		return m;
	}

	#fromZoned(day: number): number {
		return fromZonedTime(
			`${new Date(day).toISOString().slice(0, 10)}T00:00:00`,
			this.zone
		).getTime();
	}
}

const calendars = new Map<string, ZoneCalendar>();

/** The zone's calendar, kept for the session (a few dozen months per zone). */
export function zoneCalendar(zone: string): ZoneCalendar {
	let c = calendars.get(zone);
	if (!c) calendars.set(zone, (c = new ZoneCalendar(zone)));
	return c;
}
