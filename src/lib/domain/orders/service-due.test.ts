import { describe, expect, it } from 'vitest';
import { dueInstant } from '../tasks/due';
import {
	addCalendarMonths,
	nextServiceDue,
	onServiceSchedule,
	plannedServices,
	serviceReminderAt
} from './service-due';

describe('service due dates', () => {
	it('add calendar months, clamped to the end of a shorter month', () => {
		expect(addCalendarMonths('2026-01-31', 1)).toBe('2026-02-28');
		expect(addCalendarMonths('2028-01-31', 1)).toBe('2028-02-29');
		expect(addCalendarMonths('2026-03-31', 1)).toBe('2026-04-30');
		expect(addCalendarMonths('2026-08-31', 6)).toBe('2027-02-28');
		expect(addCalendarMonths('2026-12-15', 1)).toBe('2027-01-15');
	});

	it('take a leap day to the last of February in a common year, and back in a leap year', () => {
		expect(addCalendarMonths('2024-02-29', 12)).toBe('2025-02-28');
		expect(addCalendarMonths('2024-02-29', 48)).toBe('2028-02-29');
	});

	it('are one interval after the order, or the first one still to come for an old order', () => {
		expect(nextServiceDue('2026-01-31', 12, '2026-02-01')).toBe('2027-01-31');
		expect(nextServiceDue('2026-01-31', 1, '2026-02-01')).toBe('2026-02-28');
		// Entered a year and a half late: the service after next, counted from the order day,
		// so 31 January does not drift to the 28th through February.
		expect(nextServiceDue('2025-01-31', 1, '2026-03-05')).toBe('2026-03-31');
		expect(nextServiceDue('2024-02-29', 12, '2025-06-01')).toBe('2026-02-28');
		expect(nextServiceDue('2024-02-29', 12, '2027-06-01')).toBe('2028-02-29');
	});

	it('remind 14 days ahead at 09:00 in the zone, unless that has passed', () => {
		const at = serviceReminderAt('2027-01-31', 'Europe/Berlin', 0);
		expect(at).toBe(dueInstant('2027-01-17', '09:00', 'Europe/Berlin'));
		expect(new Date(at!).toISOString()).toBe('2027-01-17T08:00:00.000Z');
		expect(serviceReminderAt('2027-01-31', 'Europe/Berlin', at!)).toBeNull();
	});
});

describe('the services an order plans', () => {
	const line = (productId: string | null, name: string) => ({ productId, name, sku: '' });
	const intervals: Record<string, number> = { boiler: 12 };
	const intervalOf = (id: string) => intervals[id] ?? null;

	it('take each product’s interval, once per product, or the order’s own for every line', () => {
		const lines = [line('boiler', 'Boiler'), line('pipe', 'Pipe'), line('boiler', 'Boiler')];
		expect(plannedServices({ serviceIntervalMonths: null, lines }, intervalOf)).toEqual([
			{ key: 'boiler', name: 'Boiler', months: 12 }
		]);
		expect(
			plannedServices(
				{ serviceIntervalMonths: 6, lines: [line('pipe', 'Pipe'), line(null, 'Visit')] },
				intervalOf
			)
		).toEqual([
			{ key: 'pipe', name: 'Pipe', months: 6 },
			{ key: 'line2', name: 'Visit', months: 6 }
		]);
	});

	it('know the days on an order’s schedule', () => {
		expect(onServiceSchedule('2026-01-31', 1, '2026-02-28')).toBe(true);
		expect(onServiceSchedule('2026-01-31', 12, '2028-01-31')).toBe(true);
		expect(onServiceSchedule('2026-01-31', 12, '2027-02-01')).toBe(false);
		expect(onServiceSchedule('2026-01-31', 12, '2026-01-31')).toBe(false);
	});
});
