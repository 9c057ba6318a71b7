/**
 * Service reminders through a workspace: planned as an order is saved, once however many
 * devices save it, kept in line as the order changes, carried on as each service is done.
 */
import { describe, expect, it } from 'vitest';
import { order, product, task } from '$lib/domain/record-types';
import type { OrderLine } from '$lib/domain/record-types/order';
import { dueInstant } from '$lib/domain/tasks/due';
import { syncBoth } from '$lib/data/docs-testing';
import { Workspace } from '$lib/data/workspace.svelte';
import { WorkspaceDocs } from '$lib/data/workspace-docs';
import { createOrder, updateOrder } from './orders';
import { serviceTaskId } from './service-reminders';
import { completeTask } from './tasks';

const NOW = Date.UTC(2026, 0, 31, 10);
const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

function workspace(me: string) {
	const ws = new Workspace('ws', me, new WorkspaceDocs(undefined, () => NOW), () => NOW);
	ws.start();
	return ws;
}

function catalogue(ws: Workspace) {
	const boiler = ws
		.repo(product)
		.create({ name: 'Boiler X2', sku: 'BX-2', price: 2400, serviceIntervalMonths: 12 });
	const pipe = ws.repo(product).create({ name: 'Pipe', sku: 'P-1', price: 5 });
	const customer = ws.people.create({ firstName: 'Ada', lastName: 'Byron', ownerId: 'owner' });
	return { boiler, pipe, customer };
}

const lineOf = (productId: string, name: string, quantity = 1, price = 10): OrderLine => ({
	productId,
	sku: '',
	name,
	category: '',
	quantity,
	price,
	discount: 0
});

function serviceTasks(ws: Workspace) {
	return ws.repo(task).rows.filter((t) => t.name.startsWith('Service due'));
}

describe('service reminders', () => {
	it('plan the next service for the customer’s owner, reminded two weeks ahead', () => {
		const ws = workspace('clerk');
		const { boiler, pipe, customer } = catalogue(ws);
		const id = createOrder(
			ws,
			{ personId: customer, lines: [lineOf(boiler, 'Boiler X2'), lineOf(pipe, 'Pipe', 3, 5)] },
			NOW
		);
		expect(ws.repo(order).get(id)?.record.total).toBe(25);
		const t = ws.repo(task).get(serviceTaskId(id, boiler))?.record;
		expect(t).toMatchObject({
			title: 'Service due: Boiler X2',
			dueDate: '2027-01-31',
			assigneeId: 'owner',
			personId: customer,
			repeat: 'FREQ=MONTHLY;INTERVAL=12',
			repeatFromDone: true,
			reminderAt: dueInstant('2027-01-17', '09:00', ZONE)
		});
		expect(serviceTasks(ws)).toHaveLength(1);
	});

	it('fall to the member who entered the order when the customer has no owner', () => {
		const ws = workspace('clerk');
		const { boiler } = catalogue(ws);
		const org = ws.organizations.create({ name: 'Acme' });
		const id = createOrder(ws, { organizationId: org, lines: [lineOf(boiler, 'Boiler')] }, NOW);
		expect(ws.repo(task).get(serviceTaskId(id, boiler))?.record).toMatchObject({
			assigneeId: 'clerk',
			organizationId: org,
			personId: null
		});
	});

	it('are created once when two devices save the same order offline, and not again later', () => {
		const a = workspace('a');
		const b = workspace('b');
		const { boiler, customer } = catalogue(a);
		const id = createOrder(a, { personId: customer }, NOW);
		syncBoth(a.docs, b.docs);
		expect(serviceTasks(a)).toHaveLength(0);
		// Offline, each adds the boiler: each plans its service.
		updateOrder(a, id, { lines: [lineOf(boiler, 'Boiler X2', 1)] }, NOW);
		updateOrder(b, id, { lines: [lineOf(boiler, 'Boiler X2', 2)], status: 'paid' }, NOW + 1000);
		expect(serviceTasks(a)).toHaveLength(1);
		expect(serviceTasks(b)).toHaveLength(1);
		syncBoth(a.docs, b.docs);
		expect(serviceTasks(a)).toHaveLength(1);
		expect(serviceTasks(b)).toHaveLength(1);
		expect(serviceTasks(a)[0].id).toBe(serviceTaskId(id, boiler));
		expect(a.repo(order).get(id)?.record).toEqual(b.repo(order).get(id)?.record);
		updateOrder(a, id, { status: 'shipped' }, NOW + 2000);
		expect(serviceTasks(a)).toHaveLength(1);
	});

	it('carry on as each service is done, and follow the order as it changes', () => {
		const ws = workspace('clerk');
		const { boiler, customer } = catalogue(ws);
		const id = createOrder(ws, { personId: customer, lines: [lineOf(boiler, 'Boiler X2')] }, NOW);
		const first = serviceTaskId(id, boiler);
		updateOrder(ws, id, { serviceIntervalMonths: 6 }, NOW);
		expect(ws.repo(task).get(first)?.record.dueDate).toBe('2026-07-31');
		const next = completeTask(ws, first, Date.UTC(2026, 7, 3, 12));
		expect(ws.repo(task).get(next!)?.record).toMatchObject({
			dueDate: '2027-02-03',
			title: 'Service due: Boiler X2'
		});
		// Cancelled: the open one is no longer due; the done one stays done.
		updateOrder(ws, id, { status: 'cancelled' }, NOW);
		expect(ws.repo(task).get(next!)?.record.status).toBe('cancelled');
		expect(ws.repo(task).get(first)?.record.status).toBe('done');
	});

	it('plan the coming service for an order entered long after it was placed', () => {
		const ws = workspace('clerk');
		const { boiler, customer } = catalogue(ws);
		const placed = Date.UTC(2024, 1, 29, 12);
		const id = createOrder(
			ws,
			{ personId: customer, orderedAt: placed, lines: [lineOf(boiler, 'Boiler X2')] },
			NOW
		);
		expect(id.startsWith('2024-02~')).toBe(true);
		expect(ws.repo(task).get(serviceTaskId(id, boiler))?.record.dueDate).toBe('2026-02-28');
		// Inside the two weeks before it: no reminder for a moment gone by.
		const late = createOrder(
			ws,
			{ personId: customer, orderedAt: Date.UTC(2025, 1, 5, 12), lines: [lineOf(boiler, 'B')] },
			NOW
		);
		expect(ws.repo(task).get(serviceTaskId(late, boiler))?.record).toMatchObject({
			dueDate: '2026-02-05',
			reminderAt: null
		});
	});
});
