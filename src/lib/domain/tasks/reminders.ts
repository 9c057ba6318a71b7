/**
 * Which reminders are due for a member, and when the next one is: pure functions over task
 * rows and a clock, so the scheduling is tested with a fake clock and the page only sets one
 * timer at a time.
 */
export interface ReminderFields {
	id: string;
	name: string;
	status: string;
	assigneeId: string | null;
	reminderAt: number | null;
	remindedAt: number | null;
	reminderDismissedAt: number | null;
}

/** A reminder counts as dealt with when it was dismissed after it was set for. */
function dismissed(t: ReminderFields): boolean {
	return t.reminderDismissedAt !== null && t.reminderDismissedAt >= (t.reminderAt ?? 0);
}

/** Whether `t`'s reminder is the member's, still wanted, and its time has come. */
export function isReminderDue(t: ReminderFields, member: string, now: number): boolean {
	return (
		t.reminderAt !== null &&
		t.reminderAt <= now &&
		t.status === 'open' &&
		t.assigneeId === member &&
		!dismissed(t)
	);
}

/** Whether a device has shown `t`'s current reminder as a system notification already. */
export function wasNotified(t: ReminderFields): boolean {
	return t.remindedAt !== null && t.reminderAt !== null && t.remindedAt >= t.reminderAt;
}

/** The member's due reminders, oldest first. */
export function dueReminders<T extends ReminderFields>(
	tasks: readonly T[],
	member: string,
	now: number
): T[] {
	const out: T[] = [];
	for (const t of tasks) if (isReminderDue(t, member, now)) out.push(t);
	return out.sort((a, b) => (a.reminderAt as number) - (b.reminderAt as number));
}

/** When the member's next reminder comes (ms), or null when none is waiting. */
export function nextReminderAt(
	tasks: readonly ReminderFields[],
	member: string,
	now: number
): number | null {
	let next: number | null = null;
	for (const t of tasks)
		if (
			t.reminderAt !== null &&
			t.reminderAt > now &&
			t.status === 'open' &&
			t.assigneeId === member &&
			!dismissed(t) &&
			(next === null || t.reminderAt < next)
		)
			next = t.reminderAt;
	return next;
}

/**
 * Due reminders split by whether they came while the app was open (`since`: when it started
 * watching) or before it, unseen: those are "missed" and shown together. One a device showed
 * before `since` (the phone, while this desktop was closed) was seen: not missed. The split does
 * not change when this tab marks them shown.
 */
export function splitMissed<T extends ReminderFields>(
	due: readonly T[],
	since: number
): { missed: T[]; current: T[] } {
	const missed: T[] = [];
	const current: T[] = [];
	for (const t of due) {
		const seenBefore = wasNotified(t) && (t.remindedAt as number) < since;
		((t.reminderAt as number) < since && !seenBefore ? missed : current).push(t);
	}
	return { missed, current };
}

/** Reminder choices relative to the due time, in minutes before it. */
export const REMINDER_OFFSETS = [
	{ minutes: 0, label: 'At the due time' },
	{ minutes: 15, label: '15 minutes before' },
	{ minutes: 60, label: '1 hour before' },
	{ minutes: 24 * 60, label: '1 day before' }
] as const;
