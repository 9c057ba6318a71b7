/**
 * A workspace stored by the version of one document (y-indexeddb's database `crm-ws-<id>`, the
 * records in the core document) moves into many documents on open. Two devices do it at the
 * same time, both offline, each from its own copy (one with an offline edit the other lacks),
 * edit afterwards, then meet through the real relay: nothing lost, nothing doubled.
 */
import { expect, test, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { emptyPerson } from '../src/lib/domain/records';
import { createWorkspace, invite, joinAs, waitOfflineReady, waitSynced } from './helpers';

const PEOPLE = [
	{
		id: '5b0f7a2e-0000-4000-8000-000000000001',
		firstName: 'Ada',
		lastName: 'Lovelace',
		notes: 'Met at the fair'
	},
	{ id: '5b0f7a2e-0000-4000-8000-000000000002', firstName: 'Grace', lastName: 'Hopper', notes: '' },
	{
		id: '5b0f7a2e-0000-4000-8000-000000000003',
		firstName: 'Edsger',
		lastName: 'Dijkstra',
		notes: 'Call back'
	}
];

/** What the old version stored: the people in the core document's 'people' map. */
function legacyDoc(): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = 4242; // the same old device wrote both copies
	doc.transact(() => {
		for (const p of PEOPLE) {
			const map = new Y.Map<unknown>();
			const snapshot = { ...emptyPerson(), firstName: p.firstName, lastName: p.lastName };
			map.set('$', JSON.stringify({ ...snapshot, createdAt: 1_700_000_000_000, createdBy: 'old' }));
			map.set('notes', new Y.Text(p.notes));
			doc.getMap('people').set(p.id, map);
		}
	});
	return doc;
}

/** Turns the device into one the old version left: its old database, nothing of the new. */
async function becomeOldDevice(page: Page, workspaceId: string, updates: Uint8Array[]) {
	await page.goto('/healthz');
	await page.evaluate(
		async ({ workspaceId, updates }) => {
			const remove = (name: string) =>
				new Promise((resolve) => {
					const request = indexedDB.deleteDatabase(name);
					request.onsuccess = request.onerror = request.onblocked = resolve;
				});
			await remove('crm-docs');
			await remove('crm-local');
			const open = indexedDB.open(`crm-ws-${workspaceId}`);
			open.onupgradeneeded = () => {
				open.result.createObjectStore('updates', { autoIncrement: true });
				open.result.createObjectStore('custom');
			};
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				open.onsuccess = () => resolve(open.result);
				open.onerror = () => reject(open.error);
			});
			const tx = db.transaction('updates', 'readwrite');
			for (const u of updates) tx.objectStore('updates').add(new Uint8Array(u));
			await new Promise((resolve) => (tx.oncomplete = resolve));
			db.close();
		},
		{ workspaceId, updates: updates.map((u) => [...u]) }
	);
}

async function notesOf(page: Page, id: string): Promise<string> {
	await page.goto(`/people/${id}`);
	await expect(page.getByLabel('First name')).not.toHaveValue('');
	return page.getByLabel('Notes').inputValue();
}

test('two devices migrate an old workspace at once, offline, then meet: nothing lost or doubled', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Old workspace');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	await Promise.all([waitOfflineReady(alice.page), waitOfflineReady(bob.page)]);

	// Both copies hold the same old records; Bob's also an edit made offline before the update.
	const old = legacyDoc();
	const shared = Y.encodeStateAsUpdate(old);
	const bobsCopy = legacyDoc();
	const before = Y.encodeStateVector(bobsCopy);
	bobsCopy.clientID = 4343;
	(bobsCopy.getMap('people').get(PEOPLE[0].id) as Y.Map<unknown>).set('title', 'Countess');
	const bobsEdit = Y.encodeStateAsUpdate(bobsCopy, before);
	await becomeOldDevice(alice.page, ws.workspaceId, [shared]);
	await becomeOldDevice(bob.page, ws.workspaceId, [shared, bobsEdit]);

	// Both open offline: each migrates its own copy.
	await Promise.all([alice.context.setOffline(true), bob.context.setOffline(true)]);
	for (const page of [alice.page, bob.page]) {
		await page.goto('/people');
		await expect(page.getByText('3 people', { exact: true })).toBeVisible();
	}
	// And edits afterwards, still offline.
	await alice.page.goto(`/people/${PEOPLE[1].id}`);
	await alice.page.getByLabel('Title').fill('Rear admiral');
	await alice.page.getByLabel('Title').blur();
	await bob.page.goto(`/people/${PEOPLE[2].id}`);
	await expect(bob.page.getByLabel('Notes')).toHaveValue('Call back');
	await bob.page.getByLabel('Notes').press('End');
	await bob.page.getByLabel('Notes').pressSequentially(' on Monday');
	await bob.page.getByLabel('Notes').blur();

	await Promise.all([alice.context.setOffline(false), bob.context.setOffline(false)]);
	await Promise.all([waitSynced(alice.page), waitSynced(bob.page)]);
	for (const page of [alice.page, bob.page]) {
		await expect(async () => {
			await page.goto('/people');
			await expect(page.getByText('3 people', { exact: true })).toBeVisible({ timeout: 2_000 });
			await page.goto(`/people/${PEOPLE[1].id}`);
			await expect(page.getByLabel('Title')).toHaveValue('Rear admiral', { timeout: 2_000 });
			await page.goto(`/people/${PEOPLE[0].id}`);
			await expect(page.getByLabel('Title')).toHaveValue('Countess', { timeout: 2_000 });
		}).toPass({ timeout: 30_000 });
		expect(await notesOf(page, PEOPLE[0].id)).toBe('Met at the fair');
		expect(await notesOf(page, PEOPLE[2].id)).toBe('Call back on Monday');
	}
	// The old database is gone once the new copy is stored.
	const names = await alice.page.evaluate(async () =>
		(await indexedDB.databases()).map((d) => d.name)
	);
	expect(names).not.toContain(`crm-ws-${ws.workspaceId}`);
	await alice.context.close();
	await bob.context.close();
});
