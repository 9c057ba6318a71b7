/**
 * Two people keep one customer base together through the real relay: simultaneous edits of
 * different fields, offline edits, history, and a record a buggy peer wrote.
 */
import { expect, test, type BrowserContext } from '@playwright/test';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import {
	createPerson,
	createWorkspace,
	invite,
	joinAs,
	waitOfflineReady,
	waitSynced
} from './helpers';

test('two people edit different fields of one person at once; both edits survive on both', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Acme sales');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');

	const path = await createPerson(alice.page, 'Ada', 'Lovelace');
	await bob.page.goto(path);
	await expect(bob.page.getByLabel('First name')).toHaveValue('Ada');

	// both type at the same moment, into different fields
	await Promise.all([
		alice.page.getByLabel('Title').fill('Chief analyst'),
		bob.page.getByLabel('Source').fill('Trade fair')
	]);
	await Promise.all([alice.page.getByLabel('Title').blur(), bob.page.getByLabel('Source').blur()]);

	for (const { page } of [alice, bob]) {
		await expect(page.getByLabel('Title')).toHaveValue('Chief analyst');
		await expect(page.getByLabel('Source')).toHaveValue('Trade fair');
	}
	await alice.context.close();
	await bob.context.close();
});

test('edits made offline merge when back online, and the history shows who changed what', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Field sales');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const path = await createPerson(alice.page, 'Grace', 'Hopper');
	await bob.page.goto(path);
	await expect(bob.page.getByLabel('First name')).toHaveValue('Grace');

	await bob.context.setOffline(true);
	await expect(bob.page.getByRole('status', { name: 'Sync status' })).toContainText(/Offline/i);
	await bob.page.getByLabel('Title').fill('Rear admiral');
	await bob.page.getByLabel('Title').blur();
	await expect(bob.page.getByRole('status', { name: 'Sync status' })).toContainText(
		/not yet confirmed/
	);
	await alice.page.getByLabel('Source').fill('Navy');
	await alice.page.getByLabel('Source').blur();
	// Alice cannot see Bob's offline edit yet
	await alice.page.waitForTimeout(500);
	await expect(alice.page.getByLabel('Title')).toHaveValue('');

	await bob.context.setOffline(false);
	await waitSynced(bob.page);
	for (const { page } of [alice, bob]) {
		await expect(page.getByLabel('Title')).toHaveValue('Rear admiral');
		await expect(page.getByLabel('Source')).toHaveValue('Navy');
	}
	await expect(bob.page.getByRole('status', { name: 'Sync status' })).not.toContainText(
		/not yet confirmed/
	);
	// Alice's history attributes Bob's offline edit to Bob
	const history = alice.page.getByRole('region', { name: 'History' });
	await expect(history).toContainText('Bob');
	await expect(history).toContainText('Rear admiral');
	await alice.context.close();
	await bob.context.close();
});

test('the app reloads and works with the network off', async ({ browser, baseURL }) => {
	const ws = await createWorkspace(baseURL!, 'Offline co');
	// What the page showed when it first registered the service worker (whose install downloads
	// the whole app from the relay): not while joining, but once the workspace had synced.
	const recordRegistration = async (context: BrowserContext) => {
		await context.addInitScript(() => {
			const register = ServiceWorkerContainer.prototype.register;
			ServiceWorkerContainer.prototype.register = function (...args) {
				const status = document.querySelector('[role="status"][aria-label="Sync status"]');
				if (sessionStorage.getItem('registeredAt') === null)
					sessionStorage.setItem(
						'registeredAt',
						JSON.stringify({ path: location.pathname, status: status?.textContent ?? null })
					);
				return register.apply(this, args);
			};
		});
	};
	const alice = await joinAs(
		browser,
		await invite(baseURL!, ws, 'editor'),
		'Alice',
		{},
		recordRegistration
	);
	const path = await createPerson(alice.page, 'Linus', 'Offline');
	// the service worker is active: the app's files are cached for the offline reload
	await waitOfflineReady(alice.page);
	const registeredAt = await alice.page.evaluate(() => sessionStorage.getItem('registeredAt'));
	expect(JSON.parse(registeredAt!)).toEqual({
		path: expect.stringMatching(/^\/people/),
		status: expect.stringMatching(/Synced/)
	});

	await alice.context.setOffline(true);
	await alice.page.reload();
	await expect(alice.page.getByLabel('First name')).toHaveValue('Linus');
	// The app's modules came straight from the cache by the worker's static route, not through
	// its fetch handler (resource timing names the source the browser used).
	const sources = await alice.page.evaluate(() =>
		performance
			.getEntriesByType('resource')
			.filter((e) => new URL(e.name).pathname.startsWith('/_app/immutable/chunks/'))
			.map(
				(e) =>
					(e as PerformanceResourceTiming & { workerFinalSourceType?: string })
						.workerFinalSourceType
			)
	);
	expect(sources.length).toBeGreaterThan(10);
	expect(new Set(sources)).toEqual(new Set(['cache']));
	await alice.page.getByLabel('Title').fill('Kernel hacker');
	await alice.page.getByLabel('Title').blur();
	await alice.page.goto('/people');
	await expect(alice.page.getByRole('link', { name: 'Linus Offline' })).toBeVisible();
	await alice.page.reload();
	await alice.page.goto(path);
	await expect(alice.page.getByLabel('Title')).toHaveValue('Kernel hacker');

	await alice.context.setOffline(false);
	await waitSynced(alice.page);
	await alice.context.close();
});

test('a record a buggy peer wrote with wrong types is shown with a warning', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Buggy peers');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');

	// a real peer, through the relay, that writes wrong types
	const doc = new Y.Doc();
	const url = baseURL!.replace(/^http/, 'ws') + '/sync';
	const peer = new WebsocketProvider(url, ws.workspaceId, doc, {
		params: { token: ws.ownerToken },
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	await new Promise<void>((resolve) => peer.once('sync', () => resolve()));
	doc.transact(() => {
		const record = new Y.Map<unknown>();
		record.set('$', {
			firstName: 'Buggy',
			lastName: 42,
			emails: 'not-a-list@example.com',
			kind: 'vip',
			tags: 'a,b',
			createdAt: Date.now(),
			createdBy: 'peer'
		});
		doc.getMap('people').set('buggy-record', record);
	});

	await alice.page.goto('/people');
	const row = alice.page.getByRole('row', { name: /Buggy 42/ });
	await expect(row).toBeVisible();
	await expect(row.getByLabel('Has data warnings')).toBeVisible();
	await alice.page.goto('/people/buggy-record');
	await expect(alice.page.getByRole('alert')).toContainText(/wrong type/i);
	await expect(alice.page.getByLabel('First name')).toHaveValue('Buggy');
	await expect(alice.page.getByLabel('Last name')).toHaveValue('42');
	peer.destroy();
	await alice.context.close();
});

test('a viewer sees the record read-only, and each sees the other on the record', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Viewers');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const vera = await joinAs(browser, await invite(baseURL!, ws, 'viewer'), 'Vera');
	const path = await createPerson(alice.page, 'Katherine', 'Johnson');

	await vera.page.goto(path);
	await expect(vera.page.getByText('Read-only (viewer)')).toBeVisible();
	await expect(vera.page.getByLabel('First name')).toHaveValue('Katherine');
	await expect(vera.page.getByLabel('First name')).toBeDisabled();
	await expect(vera.page.getByRole('button', { name: 'Delete person' })).toBeDisabled();

	await expect(alice.page.getByText('Vera is viewing')).toBeVisible();
	await alice.page.getByLabel('Title').focus();
	await expect(vera.page.getByText('Alice is editing Title')).toBeVisible();
	await alice.context.close();
	await vera.context.close();
});

test('a device whose storage the browser evicted recovers the workspace from the relay', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Evicted');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	await createPerson(alice.page, 'Hedy', 'Lamarr');
	await createPerson(alice.page, 'Barbara', 'Liskov');
	await alice.page.goto('/people');
	await expect(alice.page.getByRole('status', { name: 'Sync status' })).toHaveText(/Synced$/);

	// What eviction under storage pressure does: IndexedDB and localStorage gone, cookies kept.
	await alice.page.goto('/healthz');
	await alice.page.evaluate(async () => {
		localStorage.clear();
		for (const db of await indexedDB.databases()) {
			await new Promise((resolve) => {
				const request = indexedDB.deleteDatabase(db.name!);
				request.onsuccess = request.onerror = request.onblocked = resolve;
			});
		}
	});
	await alice.page.goto('/people');
	await expect(alice.page).toHaveURL(/\/people$/);
	await expect(alice.page.getByRole('link', { name: 'Hedy Lamarr' })).toBeVisible();
	await expect(alice.page.getByRole('link', { name: 'Barbara Liskov' })).toBeVisible();
	await alice.context.close();
});

test('renaming the workspace in settings reaches a teammate', async ({ browser, baseURL }) => {
	const ws = await createWorkspace(baseURL!, 'Old name');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'owner'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	await alice.page.goto('/settings');
	await expect(alice.page.getByLabel('Workspace name')).toHaveValue('Old name');
	await alice.page.getByLabel('Workspace name').fill('Acme EMEA');
	await alice.page.getByRole('button', { name: 'Save name' }).click();
	await expect(bob.page.getByRole('banner')).toContainText('Acme EMEA');
	await bob.page.reload();
	await bob.page.goto('/settings');
	await expect(bob.page.getByLabel('Workspace name')).toHaveValue('Acme EMEA');
	await alice.context.close();
	await bob.context.close();
});

test('a workspace created offline works at once and registers at the relay when it can', async ({
	browser,
	baseURL
}) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/welcome');
	await waitOfflineReady(page);
	await context.setOffline(true);
	const form = page
		.locator('form')
		.filter({ has: page.getByRole('button', { name: 'Create workspace' }) });
	await form.getByLabel('Workspace name').fill('Made on a train');
	await form.getByLabel('Your name').fill('Olga');
	await form.getByRole('button', { name: 'Create workspace' }).click();
	await expect(page).toHaveURL(/\/people/);
	await createPerson(page, 'Ada', 'Offline');

	await context.setOffline(false);
	await expect(page.getByRole('status', { name: 'Sync status' })).toHaveText(/Synced$/, {
		timeout: 40_000
	});
	// registered: the owner's token works at the relay, and a teammate gets the person
	const profile = await page.evaluate(() => JSON.parse(localStorage.getItem('crm:profiles')!)[0]);
	expect(profile.token).toBeTruthy();
	const ws = { workspaceId: profile.workspaceId as string, ownerToken: profile.token as string };
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	await expect(bob.page.getByRole('link', { name: 'Ada Offline' })).toBeVisible();
	await bob.context.close();
	await context.close();
});
