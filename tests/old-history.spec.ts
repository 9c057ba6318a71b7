/**
 * Years of history do not weigh on opening a workspace: months before the last three stay on
 * the device (fetched there in the background) and open when someone asks for them.
 */
import { expect, test, type Page } from '@playwright/test';
import {
	createPerson,
	createWorkspace,
	invite,
	joinAs,
	waitOfflineReady,
	waitSynced
} from './helpers';

const MONTH = 30 * 86_400_000;

/** How many stored rows the device's database holds for one document of the workspace. */
function rowsOnDevice(page: Page, workspaceId: string, doc: string): Promise<number> {
	return page.evaluate(
		([ws, name]) =>
			new Promise<number>((resolve) => {
				const open = indexedDB.open('crm-docs');
				open.onerror = () => resolve(0);
				open.onsuccess = () => {
					const db = open.result;
					const index = db.transaction('updates').objectStore('updates').index('[ws+doc]');
					const count = index.count(IDBKeyRange.only([ws, name]));
					count.onsuccess = () => {
						db.close();
						resolve(count.result);
					};
					count.onerror = () => resolve(0);
				};
			}),
		[workspaceId, doc]
	);
}

test('a record’s older history opens on demand, from the relay and then offline', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Old history');
	// Alice worked on this workspace five months ago: her device's clock says so.
	const past = await browser.newContext();
	const aliceTime = Date.now() - 5 * MONTH;
	await past.clock.setFixedTime(new Date(aliceTime)); // timers keep running
	const alicePage = await past.newPage();
	await alicePage.goto(await invite(baseURL!, ws, 'editor'));
	await alicePage.getByLabel('Your name').fill('Alice');
	await alicePage.getByRole('button', { name: 'Join workspace' }).click();
	await waitSynced(alicePage);
	const path = await createPerson(alicePage, 'Ada', 'Lovelace');
	await alicePage.getByLabel('Title').fill('Mathematician');
	await alicePage.getByLabel('Title').blur();
	await waitSynced(alicePage);
	await expect(alicePage.getByText('Alice created this record')).toBeVisible();
	const alicesEdit = /Alice changed Title from \(empty\) to Mathematician/;
	await expect(alicePage.getByText(alicesEdit)).toBeVisible();

	// Bob, today.
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	await bob.page.goto(path);
	await bob.page.getByLabel('Title').fill('Countess');
	await bob.page.getByLabel('Title').blur();
	await waitSynced(bob.page);

	// Carol's new device opens the workspace today: the old month is not opened with it...
	const carol = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Carol');
	// (within the page that fetches the month: no reload until it was opened offline below)
	await carol.page.getByRole('link', { name: 'Ada Lovelace' }).click();
	await expect(carol.page).toHaveURL(path);
	await expect(carol.page.getByText(/Bob changed Title/)).toBeVisible();
	await expect(carol.page.getByText(alicesEdit)).toHaveCount(0);
	// (who created it, and when, the record itself says)
	await expect(carol.page.getByText('Alice created this record')).toBeVisible();
	await expect(carol.page.getByRole('button', { name: /Show changes before these/ })).toBeVisible();
	// ...but fetched onto the device in the background.
	const month = `history.${new Date(aliceTime).toISOString().slice(0, 7)}`;
	await expect
		.poll(() => rowsOnDevice(carol.page, ws.workspaceId, month), { timeout: 30_000 })
		.toBeGreaterThan(0);

	// Offline at once, it opens from the device (stored as it came, never opened in memory).
	await waitOfflineReady(carol.page);
	await carol.context.setOffline(true);
	const older = carol.page.getByRole('button', {
		name: /Show changes before these \(1 month more\)/
	});
	await older.click();
	await expect(carol.page.getByText(alicesEdit)).toBeVisible();
	await expect(older).toHaveCount(0);

	// Offline, after a reload, too.
	await carol.page.reload();
	await expect(carol.page.getByText(/Bob changed Title/)).toBeVisible();
	await expect(carol.page.getByText(alicesEdit)).toHaveCount(0);
	await older.click();
	await expect(carol.page.getByText(alicesEdit)).toBeVisible();
	await expect(carol.page.getByText('Alice created this record')).toHaveCount(1);
	await expect(older).toHaveCount(0);

	await past.close();
	await bob.context.close();
	await carol.context.close();
});
