/** How a task's due time and about-record read in lists: short, in the reader's clock. */
import type { TaskRow } from '$lib/domain/record-types';
import { addDays } from '$lib/domain/tasks/due';
import { dayInZone, timeInZone } from '$lib/domain/zoned-time';

const dayFormat = new Intl.DateTimeFormat(undefined, {
	weekday: 'short',
	day: 'numeric',
	month: 'short',
	timeZone: 'UTC'
});

/** A calendar day as people say it: Today, Tomorrow, Yesterday, or "Mon 7 Dec". */
export function dayName(day: string, today: string): string {
	if (day === today) return 'Today';
	if (day === addDays(today, 1)) return 'Tomorrow';
	if (day === addDays(today, -1)) return 'Yesterday';
	return dayFormat.format(new Date(`${day}T00:00:00Z`));
}

/** "Today 15:00", "Mon 7 Dec", "" with no date; a timed task in the reader's own clock. */
export function dueText(
	t: Pick<TaskRow, 'dueDate' | 'dueTime' | 'dueAt'>,
	today: string,
	zone: string
): string {
	if (t.dueDate === null) return '';
	if (t.dueAt === null) return dayName(t.dueDate, today);
	return `${dayName(dayInZone(t.dueAt, zone), today)} ${timeInZone(t.dueAt, zone)}`;
}
