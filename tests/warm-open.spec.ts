/**
 * A warm open (the row cache on the device) paints the list's first page before the rest of the
 * cached rows is decoded (issue #11): on a reload, the first rows and the count that appear must
 * already be the right ones — the total from the cache, never the first page's length or
 * "0 people" — and the list then answers a search over every row.
 */
import { expect, test } from '@playwright/test';
import { createWorkspace, invite, waitSynced } from './helpers';

const PEOPLE = 300; // well over a first page (60 rows)

function peopleCsv(): string {
	const lines = ['First Name,Last Name,E-mail Address'];
	// Stored in another order than the list's (by name): the first page must be the list's.
	for (let i = PEOPLE - 1; i >= 0; i--)
		lines.push(`Warm,Person ${String(i).padStart(3, '0')},warm${i}@example.com`);
	return lines.join('\r\n') + '\r\n';
}

test('a reload shows the right count and first rows at once, then searches every row', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Warm open');
	const context = await browser.newContext();
	// What the list shows the first time it shows a row: the count, the first row, and whether
	// the documents had loaded by then (they must not have: the rows came from the cache).
	await context.addInitScript(() => {
		const w = window as unknown as {
			__first: null | { count: string; row: string; docLoaded: boolean; fromCache: boolean };
			__counts: string[];
		};
		w.__first = null;
		w.__counts = [];
		new MutationObserver(() => {
			for (const el of document.querySelectorAll('[role="status"]')) {
				const text = el.textContent?.trim() ?? '';
				if (/people|person/.test(text) && w.__counts.at(-1) !== text) w.__counts.push(text);
			}
			if (w.__first) return;
			const link = document.querySelector('[role="table"] [role="row"] .name a');
			const count = [...document.querySelectorAll('[role="status"]')]
				.map((el) => el.textContent?.trim() ?? '')
				.find((t) => /people|person/.test(t));
			if (!link || !count) return;
			w.__first = {
				count,
				row: link.textContent?.trim() ?? '',
				docLoaded: performance.getEntriesByName('crm:doc-loaded').length > 0,
				fromCache: performance.getEntriesByName('crm:rows-from-cache').length > 0
			};
		}).observe(document, { subtree: true, childList: true, characterData: true });
	});
	const page = await context.newPage();
	page.on('pageerror', (e) => console.error('page error:', e.message));
	await page.goto(await invite(baseURL!, ws, 'editor'));
	await page.getByLabel('Your name').fill('Alice');
	await page.getByRole('button', { name: 'Join workspace' }).click();
	await waitSynced(page);
	await page.goto('/import-export');
	await page.getByLabel('CSV or vCard file').setInputFiles({
		name: 'warm.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(peopleCsv(), 'utf8')
	});
	await page.getByRole('button', { name: `Import ${PEOPLE} rows` }).click();
	await expect(page.getByText(/Import finished/)).toBeVisible();
	await page.goto('/people');
	await expect(page.getByText(`${PEOPLE} people`, { exact: true })).toBeVisible();
	// The row cache is written 2 s after the rows went quiet: wait until it holds them all.
	await expect
		.poll(() =>
			page.evaluate(
				(id) =>
					new Promise<number>((resolve) => {
						const req = indexedDB.open('crm-local');
						req.onsuccess = () => {
							const get = req.result
								.transaction('rowCache')
								.objectStore('rowCache')
								.get(`${id}:person`);
							get.onsuccess = () => resolve((get.result?.count as number | undefined) ?? 0);
							get.onerror = () => resolve(0);
						};
						req.onerror = () => resolve(0);
					}),
				ws.workspaceId
			)
		)
		.toBe(PEOPLE);

	for (let i = 0; i < 3; i++) {
		await page.reload();
		await expect(page.getByText(`${PEOPLE} people`, { exact: true })).toBeVisible();
		const first = await page.evaluate(() => (window as unknown as { __first: unknown }).__first);
		expect(first).toEqual({
			count: `${PEOPLE} people`,
			row: 'Warm Person 000',
			docLoaded: false,
			fromCache: true
		});
		// Never a wrong count on the way (the first page's 60, or none).
		const counts = await page.evaluate(
			() => (window as unknown as { __counts: string[] }).__counts
		);
		expect(counts.filter((c) => c !== 'Loading…')).toEqual([`${PEOPLE} people`]);
	}

	// Every row is searchable once the rest is in: a person far past the first page.
	await page.getByLabel('Search people').fill('Person 299');
	await expect(page.getByText('1 person', { exact: true })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Warm Person 299' })).toBeVisible();
	await context.close();
});
