/**
 * An edit is kept when the page goes away before the device's storage has taken it. Chromium
 * drops an IndexedDB write the page started but that had not committed when the page was left
 * (a reload, a link, a closed tab): offline, that edit was gone. Here the write is held up for
 * real — another tab of the origin (running no app code) holds a write transaction on the
 * device's document store, as a tab writing a large import does — and the page is reloaded, or
 * its tab closed, while the edit waits. Both tests fail without unsaved-changes.ts (checked).
 */
import { expect, test } from '@playwright/test';
import {
	createPerson,
	createWorkspace,
	holdDocs,
	invite,
	joinAs,
	waitOfflineReady,
	waitSynced
} from './helpers';

test('an edit the device had not stored yet survives a reload, offline', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Unload');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const path = await createPerson(alice.page, 'Grace', 'Hopper');
	await waitSynced(alice.page);
	await waitOfflineReady(alice.page);
	await alice.context.setOffline(true);
	await alice.page.reload();
	await expect(alice.page.getByLabel('First name')).toHaveValue('Grace');

	const holder = await alice.context.newPage();
	const release = await holdDocs(holder);
	await alice.page.getByLabel('Title').fill('Rear admiral');
	await alice.page.getByLabel('Title').blur();
	await alice.page.getByLabel('Last name').fill('Murray Hopper');
	await alice.page.getByLabel('Last name').blur();
	// The page goes while both writes wait; the next open waits for the store too, until released.
	const reloaded = alice.page.reload();
	await alice.page.waitForTimeout(500);
	await release();
	await reloaded;
	await expect(alice.page.getByLabel('Title')).toHaveValue('Rear admiral');
	await expect(alice.page.getByLabel('Last name')).toHaveValue('Murray Hopper');

	// Kept on the device for good, not only shown: another reload with the store free.
	await alice.page.goto('/people');
	await expect(alice.page.getByRole('link', { name: 'Grace Murray Hopper' })).toBeVisible();
	await alice.page.reload();
	await alice.page.goto(path);
	await expect(alice.page.getByLabel('Title')).toHaveValue('Rear admiral');

	// And they reach the teammate once back online.
	await alice.context.setOffline(false);
	await waitSynced(alice.page);
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	await bob.page.goto(path);
	await expect(bob.page.getByLabel('Title')).toHaveValue('Rear admiral');
	await expect(bob.page.getByLabel('Last name')).toHaveValue('Murray Hopper');
	await alice.context.close();
	await bob.context.close();
});

test('an edit the device had not stored yet survives its tab being closed, offline', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Closed tab');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const path = await createPerson(alice.page, 'Ada', 'Byron');
	await waitSynced(alice.page);
	await waitOfflineReady(alice.page);
	await alice.context.setOffline(true);

	const holder = await alice.context.newPage();
	const release = await holdDocs(holder);
	await alice.page.getByLabel('Last name').fill('Lovelace');
	await alice.page.getByLabel('Last name').blur();
	await alice.page.close();
	await release();
	const again = await alice.context.newPage();
	await again.goto(path);
	await expect(again.getByLabel('Last name')).toHaveValue('Lovelace');
	await alice.context.close();
});
