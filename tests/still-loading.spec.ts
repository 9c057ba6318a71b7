/**
 * While a reopened workspace is still loading on the device, nothing is made or decided from the
 * rows it shows so far (empty, or cached without their records): the people export and the tasks
 * file wait with a visible reason, and a duplicates scan waits for every record rather than
 * saying "No likely duplicates found", and a report shows no figures until every row is in. The load is held up for real: another tab of the origin
 * (running no app code) holds a write transaction on the device's document store, as a tab
 * writing a large import does, and lets go once the page has been looked at.
 */
import { expect, test } from '@playwright/test';
import { createPerson, createWorkspace, holdDocs, invite, waitSynced } from './helpers';

test('a workspace still loading is not exported, and not scanned for duplicates', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Still loading');
	const context = await browser.newContext();
	const page = await context.newPage();
	page.on('pageerror', (e) => console.error('page error:', e.message));
	await page.goto(await invite(baseURL!, ws, 'editor'));
	await page.getByLabel('Your name').fill('Alice');
	await page.getByRole('button', { name: 'Join workspace' }).click();
	await waitSynced(page);
	await createPerson(page, 'Ann', 'Lee');
	await createPerson(page, 'Ann', 'Lee');
	await waitSynced(page);
	await page.goto('/import-export');
	await expect(page.getByText('All 2 people.', { exact: false })).toBeVisible();
	const holder = await context.newPage();

	// The people export.
	let release = await holdDocs(holder);
	await page.reload();
	await expect(page.getByText('Loading the workspace on this device')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Export people as CSV' })).toBeDisabled();
	await release();
	await expect(page.getByText('All 2 people.', { exact: false })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Export people as CSV' })).toBeEnabled();

	// The tasks file (Settings → Calendar).
	release = await holdDocs(holder);
	await page.goto('/settings');
	const tasksFile = page.getByRole('button', { name: 'Download my tasks (.ics)' });
	await expect(tasksFile).toBeDisabled();
	await release();
	await expect(tasksFile).toBeEnabled();

	// A duplicates scan asked for while loading waits, then finds the pair.
	release = await holdDocs(holder);
	await page.goto('/duplicates');
	await page.getByRole('button', { name: 'Scan for duplicates' }).click();
	const status = page.locator('.status[role="status"]');
	await expect(status).toHaveText('Waiting for the workspace to load on this device…');
	await release();
	await expect(status).toHaveText('1 likely duplicate found.');

	// A report's page: no figures (which would read 0, and export as such) until the load.
	release = await holdDocs(holder);
	await page.goto('/reports/pipeline-by-stage');
	const table = page.getByRole('region', { name: 'Pipeline by stage: the table' });
	await expect(page.getByRole('status').filter({ hasText: 'Loading…' })).toBeVisible();
	// Computing from the rows at hand took one task (setTimeout 0) before the fix: give it many.
	for (let i = 0; i < 20; i++) await page.evaluate(() => new Promise((r) => setTimeout(r, 10)));
	await expect(table).toHaveCount(0);
	await release();
	await expect(table).toBeVisible();
	await context.close();
});
