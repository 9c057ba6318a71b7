/**
 * How the order screens write an order's day and read one back: the day it was placed in the
 * reader's zone, and a typed day as noon there (noon stays that day in every nearby zone).
 */
import { dueInstant } from '$lib/domain/tasks/due';
import { dayInZone } from '$lib/domain/zoned-time';

export function orderDay(ms: number, zone: string): string {
	return ms ? dayInZone(ms, zone) : '';
}

export function orderMoment(day: string, zone: string): number {
	return dueInstant(day, '12:00', zone);
}
