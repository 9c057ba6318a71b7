/**
 * Service reminders: an order saved with a service interval (its own, or a line's product's)
 * and a customer plans the customer's next service as a task for their owner — due that day,
 * reminded 14 days ahead, repeating that many months after each one is done. Planned as the
 * order is written: an old order's month is not open with the workspace, so nothing may rely
 * on scanning every order later. Each task's id comes from the order and the product, so two
 * devices saving the same order (offline) create it once, and saving it again creates none.
 */
import { order, organization, product, task } from '$lib/domain/record-types';
import { VOID_STATUSES } from '$lib/domain/record-types/order';
import type { TaskFields } from '$lib/domain/record-types/task';
import {
	nextServiceDue,
	onServiceSchedule,
	plannedServices,
	serviceReminderAt,
	type PlannedService
} from '$lib/domain/orders/service-due';
import { todayOf } from '$lib/domain/tasks/due';
import { repeatParts, repeatRule } from '$lib/domain/tasks/recurrence';
import { localTimeZone } from '$lib/domain/time-zones';
import type { Workspace } from '$lib/data/workspace.svelte';

/** The id of the service task an order plans for a product (or `line<n>`). */
export function serviceTaskId(orderId: string, key: string): string {
	return `service-${orderId}-${key}`;
}

export function serviceTitle(name: string): string {
	return `Service due: ${name}`;
}

/**
 * Brings the service tasks of order `orderId` in line with it: creates those missing; moves an
 * open one whose interval or order date changed; cancels the open ones of lines removed, or of
 * an order cancelled or refunded. Returns the ids of the tasks it plans.
 */
export function planServiceReminders(
	ws: Workspace,
	orderId: string,
	now = Date.now(),
	zone = localTimeZone(),
	/** Kept on the tasks it creates (an order import's `importId`, so its revert takes them). */
	stamp: Record<string, unknown> = {}
): string[] {
	const view = ws.repo(order).get(orderId);
	if (!view || view.deleted) return [];
	const o = view.record;
	if (!o.personId && !o.organizationId) return [];
	const person = o.personId ? ws.people.get(o.personId)?.record : undefined;
	const organizationId = o.organizationId ?? person?.organizationId ?? null;
	const org = organizationId ? ws.repo(organization).get(organizationId)?.record : undefined;
	const about = { personId: o.personId, organizationId };
	const services = VOID_STATUSES.includes(o.status)
		? []
		: plannedServices(o, (id) => ws.repo(product).get(id)?.record.serviceIntervalMonths ?? null);
	const orderedDay = todayOf(o.orderedAt, zone);
	const today = todayOf(now, zone);
	const tasks = ws.repo(task);
	const ids = services.map((s) => serviceTaskId(orderId, s.key));

	const planned = (s: PlannedService): Partial<TaskFields> => {
		const dueDate = nextServiceDue(orderedDay, s.months, today);
		return {
			dueDate,
			reminderAt: serviceReminderAt(dueDate, zone, now),
			repeat: repeatRule(s.months, 'month')
		};
	};
	services.forEach((s, i) => {
		const existing = tasks.get(ids[i])?.record;
		if (!existing) {
			tasks.createWithId(ids[i], {
				title: serviceTitle(s.name),
				notes: `Planned from ${order.displayName(o)}.`,
				dueTime: null,
				timeZone: zone,
				assigneeId: person?.ownerId ?? org?.ownerId ?? (o.createdBy || ws.me),
				priority: 'normal',
				...about,
				createdBy: ws.me,
				repeatFromDone: true,
				...planned(s),
				...stamp
			});
			return;
		}
		if (existing.status !== 'open') return; // done: its repeat carries the plan on
		const months = repeatParts(existing.repeat ?? '')?.every;
		const onTime =
			months === s.months &&
			existing.dueDate !== null &&
			onServiceSchedule(orderedDay, s.months, existing.dueDate);
		tasks.update(ids[i], { title: serviceTitle(s.name), ...about, ...(onTime ? {} : planned(s)) });
	});

	// Lines taken off, or the order voided: their open service tasks are not due any more.
	const prefix = serviceTaskId(orderId, '');
	const customer = o.personId
		? ws.linked(task, 'personId', o.personId)
		: ws.linked(task, 'organizationId', o.organizationId!);
	const stale = customer
		.filter((t) => t.status === 'open' && t.id.startsWith(prefix))
		.filter((t) => !ids.some((id) => t.id === id || t.id.startsWith(`${id}-r`)))
		.map((t) => t.id);
	if (stale.length)
		tasks.bulkUpdate(stale, { status: 'cancelled', completedAt: now, completedBy: ws.me });
	return ids;
}
