/**
 * Tasks through the real relay: one colleague assigns a task on a person's page, the other sees
 * it in My day in their own time zone; its reminder fires at its time on the other's device once
 * with two tabs open (the browser's clock moved forward), shows in both tabs, and is completed
 * offline with the call logged; the first colleague sees both after the reconnect. A repeating
 * task completed on two devices at once, both offline, comes back once. A task a buggy peer
 * wrote with a malformed date is shown with a warning and breaks no view.
 */
import { expect, test, type Page } from '@playwright/test';
import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { shardDocName } from '../src/lib/data/shards';
import { createPerson, createWorkspace, invite, joinAs, waitSynced } from './helpers';

const syncStatus = (page: Page) => page.getByRole('status', { name: 'Sync status' });
const recordTasks = (page: Page) => page.getByRole('region', { name: /^Tasks/ });
const reminders = (page: Page) => page.getByRole('region', { name: 'Reminders' });
const timeline = (page: Page) => page.getByRole('region', { name: /Timeline/ });

/** How many system notifications this page showed (counted by the init script below). */
const notificationsShown = (page: Page) =>
	page.evaluate(() => (window as unknown as { __notified?: string[] }).__notified?.length ?? 0);

test('a task assigned to a colleague: My day in their zone, one reminder across two tabs, done offline with the call logged', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Follow-ups');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice', {
		timezoneId: 'America/New_York'
	});
	const bob = await joinAs(
		browser,
		await invite(baseURL!, ws, 'editor'),
		'Bob',
		{ timezoneId: 'Europe/Warsaw', permissions: ['notifications'] },
		async (context) => {
			await context.clock.install({ time: Date.now() });
			// Count the app's system notifications in each tab (the real ones still show).
			await context.addInitScript(() => {
				const Real = window.Notification;
				const w = window as unknown as { __notified: string[] };
				w.__notified = [];
				window.Notification = class extends Real {
					constructor(title: string, options?: NotificationOptions) {
						super(title, options);
						w.__notified.push(title);
					}
				} as typeof Notification;
			});
		}
	);
	const a = alice.page;
	const b = bob.page;

	// Alice plans a call with Ada for Bob: tomorrow 10:00 in New York, reminder at that time.
	const adaPath = await createPerson(a, 'Ada', 'Lovelace');
	const day = formatInTimeZone(Date.now() + 86_400_000, 'America/New_York', 'yyyy-MM-dd');
	const dueAt = fromZonedTime(`${day}T10:00`, 'America/New_York').getTime();
	await recordTasks(a).getByRole('button', { name: 'Add a task' }).click();
	const form = a.getByRole('form', { name: 'New task' });
	await form.getByLabel('Task title').fill('Call Ada about the offer');
	await form.getByLabel('Due date').fill(day);
	await form.getByLabel('Time', { exact: true }).fill('10:00');
	await form.getByRole('button', { name: 'More options' }).click();
	await form.getByLabel('Assignee').selectOption({ label: 'Bob' });
	await form.getByLabel('Reminder').selectOption({ label: 'At the due time' });
	await form.getByRole('button', { name: 'Add task', exact: true }).click();
	await expect(recordTasks(a)).toContainText('Next: Call Ada about the offer');
	await expect(recordTasks(a)).toContainText('Bob');

	// Bob's My day has it at 16:00, Warsaw time; a second tab of his is open too.
	await b.goto('/tasks');
	const task = b.getByRole('link', { name: 'Call Ada about the offer' });
	await expect(task).toBeVisible();
	await expect(b.getByRole('listitem').filter({ has: task })).toContainText('16:00');
	const b2 = await bob.context.newPage();
	await b2.goto('/tasks');
	await expect(b2.getByRole('link', { name: 'Call Ada about the offer' })).toBeVisible();
	await expect(reminders(b)).toBeHidden();
	expect((await notificationsShown(b)) + (await notificationsShown(b2))).toBe(0);

	// Bob's clock reaches the reminder: both tabs show it, one system notification in all.
	await bob.context.clock.fastForward(dueAt - Date.now() + 60_000);
	for (const page of [b, b2])
		await expect(reminders(page)).toContainText('Call Ada about the offer');
	await expect
		.poll(async () => (await notificationsShown(b)) + (await notificationsShown(b2)))
		.toBe(1);
	// Alice is not reminded: the reminder is Bob's.
	await expect(reminders(a)).toBeHidden();

	// Offline, Bob completes it from My day with the keyboard and logs the call it was about.
	await bob.context.setOffline(true);
	await expect(syncStatus(b)).toContainText(/Offline/i);
	await b.getByRole('checkbox', { name: 'Done: Call Ada about the offer' }).focus();
	await b.keyboard.press('Space');
	await b.getByRole('button', { name: 'Log the call' }).click();
	const log = b.getByRole('dialog', { name: 'Log an interaction' });
	await expect(log.getByLabel('Type')).toHaveValue('call');
	await expect(log.getByRole('list', { name: 'People: picked' })).toContainText('Ada Lovelace');
	await expect(log.getByLabel('Subject')).toHaveValue('Call Ada about the offer');
	await log.getByLabel('Next step').fill('Send the contract');
	await log.getByLabel('Next step').press('Enter');
	await expect(log).toBeHidden();
	for (const page of [b, b2]) await expect(reminders(page)).toBeHidden();
	await expect(b.getByRole('link', { name: 'Call Ada about the offer' })).toBeHidden();
	expect((await notificationsShown(b)) + (await notificationsShown(b2))).toBe(1);

	// Alice sees neither until Bob is back online, then both.
	await a.waitForTimeout(500);
	await expect(recordTasks(a)).toContainText('Next: Call Ada about the offer');
	await bob.context.setOffline(false);
	await waitSynced(b);
	await expect(recordTasks(a)).toContainText('0 open');
	await expect(recordTasks(a).getByRole('button', { name: 'Show 1 done' })).toBeVisible();
	await expect(timeline(a).getByRole('link', { name: 'Call Ada about the offer' })).toBeVisible();
	await expect(timeline(a)).toContainText('Next step: Send the contract');
	await expect(timeline(a)).toContainText('by Bob');

	// The Team view counts Bob's week.
	await a.goto('/tasks?view=team');
	const bobRow = a.getByRole('row', { name: /Bob/ });
	await expect(bobRow.getByRole('cell')).toHaveText(['0', '0', '1']);
	await a.goto(adaPath);
	await alice.context.close();
	await bob.context.close();
});

test('a repeating task completed on two devices at once, both offline, comes back once', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Weekly');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const a = alice.page;
	const b = bob.page;

	const path = await createPerson(a, 'Grace', 'Hopper');
	await recordTasks(a).getByRole('button', { name: 'Add a task' }).click();
	const form = a.getByRole('form', { name: 'New task' });
	await form.getByLabel('Task title').fill('Weekly check-in');
	await form.getByLabel('Due date').fill(''); // no date: the next one comes a week after done
	await form.getByRole('button', { name: 'More options' }).click();
	await form.getByLabel('Repeat every').fill('1');
	await form.getByLabel('Repeat unit').selectOption('week');
	await form.getByRole('button', { name: 'Add task', exact: true }).click();
	await expect(recordTasks(a)).toContainText('1 open');
	await expect(recordTasks(a)).toContainText('every week');
	await expect(recordTasks(a)).not.toContainText('Today');
	await b.goto(path);
	await expect(recordTasks(b)).toContainText('Weekly check-in');

	await alice.context.setOffline(true);
	await bob.context.setOffline(true);
	for (const page of [a, b]) {
		await expect(syncStatus(page)).toContainText(/Offline/i);
		// click, not check(): the box then belongs to the done task, and the next one takes its place
		await recordTasks(page).getByRole('checkbox', { name: 'Done: Weekly check-in' }).click();
		// The next one, a week on, is there at once on each device.
		await expect(recordTasks(page)).toContainText('1 open');
		await expect(recordTasks(page).getByRole('button', { name: 'Show 1 done' })).toBeVisible();
	}
	await alice.context.setOffline(false);
	await bob.context.setOffline(false);
	await waitSynced(a);
	await waitSynced(b);
	for (const page of [a, b]) {
		await page.reload();
		await expect(recordTasks(page)).toContainText('1 open');
		await expect(
			recordTasks(page).getByRole('checkbox', { name: /^Done: Weekly check-in/ })
		).toHaveCount(1);
		await expect(recordTasks(page).getByRole('button', { name: 'Show 1 done' })).toBeVisible();
	}
	await alice.context.close();
	await bob.context.close();
});

test('a task a buggy peer wrote with a malformed date is shown with a warning and breaks no view', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Buggy tasks');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const a = alice.page;

	// Alice's member id, as the Team view links it.
	await a.goto('/tasks?view=team');
	const href = await a.getByRole('link', { name: 'Alice' }).getAttribute('href');
	const aliceId = new URL(href!, baseURL).searchParams.get('member')!;

	// A real peer, through the relay: it writes the task into its shard's document and lists
	// that document in the workspace's directory (the core document), as the app does.
	const id = 'buggy-task';
	const docName = shardDocName('tasks', id);
	const connect = (room: string, doc: Y.Doc) =>
		new WebsocketProvider(baseURL!.replace(/^http/, 'ws') + '/sync', room, doc, {
			params: { token: ws.ownerToken },
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			disableBc: true
		});
	const synced = (p: WebsocketProvider) =>
		new Promise<void>((resolve) => p.once('sync', () => resolve()));
	const shard = new Y.Doc();
	const core = new Y.Doc();
	const shardPeer = connect(`${ws.workspaceId}/${docName}`, shard);
	const corePeer = connect(ws.workspaceId, core);
	await Promise.all([synced(shardPeer), synced(corePeer)]);
	shard.transact(() => {
		const record = new Y.Map<unknown>();
		record.set(
			'$',
			JSON.stringify({
				title: 'Renew the contract',
				dueDate: '31/12/2026',
				dueTime: 'soon',
				reminderAt: 'tomorrow',
				assigneeId: aliceId,
				status: 'open',
				priority: 7,
				createdAt: Date.now()
			})
		);
		record.set('notes', new Y.Text());
		shard.getMap('tasks').set(id, record);
	});
	core.getMap('docs').set(docName, true);

	await a.goto('/tasks');
	const item = a.getByRole('listitem').filter({ hasText: 'Renew the contract' });
	await expect(item).toBeVisible();
	await expect(item).toContainText('Check this task');
	await expect(a.getByRole('heading', { name: /No date/ })).toBeVisible();
	await a.goto('/tasks?view=all');
	await expect(
		a.getByRole('row', { name: /Renew the contract/ }).getByLabel('Has data warnings')
	).toBeVisible();
	await a.goto('/tasks/buggy-task');
	await expect(a.getByRole('alert')).toContainText('Due date');
	await expect(a.getByLabel('Title')).toHaveValue('Renew the contract');
	shardPeer.destroy();
	corePeer.destroy();
	await alice.context.close();
});

test('a reminder that came while the app was closed shows as missed; dismissed on the phone, it leaves the desktop', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Missed');
	const zone = 'Europe/Warsaw';
	const desktop = await joinAs(
		browser,
		await invite(baseURL!, ws, 'editor'),
		'Bob',
		{ timezoneId: zone },
		(context) => context.clock.install({ time: Date.now() })
	);
	const d = desktop.page;

	// Bob plans to send an invoice in five minutes, reminded at that time.
	const due = Date.now() + 5 * 60_000;
	await d.goto('/tasks');
	const form = d.getByRole('form', { name: 'New task' });
	await form.getByLabel('Task title').fill('Send the invoice');
	await form.getByLabel('Due date').fill(formatInTimeZone(due, zone, 'yyyy-MM-dd'));
	await form.getByLabel('Time', { exact: true }).fill(formatInTimeZone(due, zone, 'HH:mm'));
	await form.getByRole('button', { name: 'More options' }).click();
	await form.getByLabel('Reminder').selectOption({ label: 'At the due time' });
	await form.getByRole('button', { name: 'Add task', exact: true }).click();
	await expect(d.getByRole('link', { name: 'Send the invoice' })).toBeVisible();
	await waitSynced(d);

	// The desktop's app is closed while the reminder comes, and opened ten minutes later: the
	// same device (its storage kept) with its clock on. The phone is the same member on a
	// device of its own (the profile, not the storage), opened a minute after.
	const saved = await desktop.context.storageState({ indexedDB: true });
	await desktop.context.close();
	const laterContext = await browser.newContext({ storageState: saved, timezoneId: zone });
	await laterContext.clock.install({ time: due + 10 * 60_000 });
	const d2 = await laterContext.newPage();
	await d2.goto('/tasks');
	await expect(reminders(d2)).toContainText('You missed 1 reminder while the app was closed.');
	await expect(reminders(d2)).toContainText('Send the invoice');

	const { cookies, origins } = saved;
	const phoneContext = await browser.newContext({
		storageState: { cookies, origins: origins.map((o) => ({ ...o, indexedDB: [] })) },
		timezoneId: zone
	});
	await phoneContext.clock.install({ time: due + 11 * 60_000 });
	const phone = await phoneContext.newPage();
	await phone.goto('/tasks');
	await expect(reminders(phone)).toContainText('Send the invoice');
	await reminders(phone).getByRole('button', { name: 'Dismiss' }).click();
	await expect(reminders(phone)).toBeHidden();
	await expect(reminders(d2)).toBeHidden();
	// Dismissed is not done: the task is still on both days.
	for (const page of [phone, d2])
		await expect(page.getByRole('link', { name: 'Send the invoice' })).toBeVisible();
	await phoneContext.close();
	await laterContext.close();
});
