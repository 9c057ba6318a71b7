/**
 * Lists that remember, through the real relay: two devices show the same default order; the
 * search, a filter and the sort live in the URL (kept on reload, the back button walks back
 * through sort and filter changes, not keystrokes); people sort by last name; the user's columns
 * are kept on the device; the name column stays in view when the table scrolls sideways.
 */
import { expect, test, type Page } from '@playwright/test';
import { createWorkspace, invite, joinAs, waitSynced } from './helpers';

async function newPerson(page: Page, first: string, last: string) {
	await page.goto('/people');
	await page.getByRole('button', { name: 'New person' }).click();
	await page.getByLabel('First name').fill(first);
	await page.getByLabel('Last name').fill(last);
	await page.getByRole('button', { name: 'Create', exact: true }).click();
	await expect(page).toHaveURL(/\/people\/[0-9a-f-]{36}$/);
}

/** The names in the table, top to bottom (the rows drawn: a short list draws all). */
async function names(page: Page): Promise<string[]> {
	return page
		.getByRole('table', { name: 'People' })
		.locator('[role="cell"].name a')
		.allTextContents();
}

test('the view lives in the URL, the default order is shared, columns are the user’s', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Lists co');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const a = alice.page;
	const b = bob.page;

	// Two people of the same name from two devices, and others: ties by name fall to the id
	await newPerson(a, 'Ola', 'Zielińska');
	await newPerson(b, 'Ola', 'Adamczyk');
	await newPerson(b, 'Bea', 'Nowak');
	await newPerson(a, 'Ola', 'Kowal');
	// Bea is a client
	await b.getByLabel('Kind').selectOption('client'); // the person's own field
	await waitSynced(a);
	await waitSynced(b);
	for (const p of [a, b]) {
		await p.goto('/people');
		await expect(p.getByRole('status').filter({ hasText: '4 people' })).toBeVisible();
	}
	const order = await names(a);
	expect(order[0]).toBe('Bea Nowak');
	expect(order.slice(1).every((n) => n.startsWith('Ola '))).toBe(true);
	expect(await names(b)).toEqual(order);

	// Sort by last name: a push; then a filter: another push
	await a.getByLabel('Sort by').selectOption({ label: 'Last name, ascending' });
	await expect(a).toHaveURL(/\/people\?sort=lastName&dir=asc$/);
	await expect
		.poll(() => names(a))
		.toEqual(['Ola Adamczyk', 'Ola Kowal', 'Bea Nowak', 'Ola Zielińska']);
	// The kind filter: a button saying what is picked, a list of checkboxes
	const kind = a.getByLabel('Kind'); // the filter's button (the column header is a button named Kind too)
	await expect(kind).toHaveText(/Any/);
	await kind.click();
	await a.getByRole('group', { name: 'Kind' }).getByRole('checkbox', { name: 'lead' }).check();
	await a.keyboard.press('Escape');
	await expect(kind).toHaveText(/lead/);
	await expect(kind).toBeFocused();
	await expect(a).toHaveURL(/\/people\?kind=lead&sort=lastName&dir=asc$/);
	await expect.poll(() => names(a)).toEqual(['Ola Adamczyk', 'Ola Kowal', 'Ola Zielińska']);

	// Typing replaces the entry: the URL follows each keystroke, back skips them
	const search = a.getByRole('searchbox', { name: 'Search people' });
	await search.pressSequentially('kow');
	await expect(a).toHaveURL(/\/people\?q=kow&kind=lead&sort=lastName&dir=asc$/);
	await expect.poll(() => names(a)).toEqual(['Ola Kowal']);

	// Kept on reload
	await a.reload();
	await expect(search).toHaveValue('kow');
	await expect(kind).toHaveText(/lead/);
	await expect(a.getByLabel('Sort by')).toHaveValue('lastName|asc');
	await expect.poll(() => names(a)).toEqual(['Ola Kowal']);

	// Shareable: Bob opens the same address and sees the same view
	await b.goto(new URL(a.url()).pathname + new URL(a.url()).search);
	await expect.poll(() => names(b)).toEqual(['Ola Kowal']);

	// Back: the search and the kind filter go, one step each; the sort stays
	await a.goBack();
	await expect(a).toHaveURL(/\/people\?sort=lastName&dir=asc$/);
	await expect(search).toHaveValue('');
	await expect
		.poll(() => names(a))
		.toEqual(['Ola Adamczyk', 'Ola Kowal', 'Bea Nowak', 'Ola Zielińska']);
	await a.goBack();
	await expect(a).toHaveURL(/\/people$/);
	await expect.poll(() => names(a)).toEqual(order);
	await a.goForward();
	await expect(a.getByLabel('Sort by')).toHaveValue('lastName|asc');

	// Columns: hide Organization, move Email first, show Last name; kept after a reload
	const table = a.getByRole('table', { name: 'People' });
	const headers = async () =>
		(await table.getByRole('columnheader').allTextContents()).map((h) => h.replace(/[↑↓]/g, ''));
	await a.getByRole('button', { name: 'Columns' }).click();
	await a.getByRole('checkbox', { name: 'Organization' }).uncheck();
	await a.getByRole('checkbox', { name: 'Last name' }).check();
	for (let i = 0; i < 8; i++) {
		const up = a.getByRole('button', { name: 'Move Email up' });
		if (await up.isDisabled()) break;
		await up.click();
	}
	await expect(a.getByRole('button', { name: 'Move Email up' })).toBeDisabled();
	await a.keyboard.press('Escape');
	await expect(a.getByRole('button', { name: 'Columns' })).toBeFocused();
	await expect(a.getByRole('checkbox', { name: 'Organization' })).toBeHidden();
	const expected = (await headers()).map((h) => h.trim());
	expect(expected.slice(1, 3)).toEqual(['Name', 'Email']);
	expect(expected).toContain('Last name');
	expect(expected).not.toContain('Organization');
	await a.reload();
	await expect.poll(async () => (await headers()).map((h) => h.trim())).toEqual(expected);
	// Another user's device keeps its own columns
	await expect(b.getByRole('table', { name: 'People' }).getByRole('columnheader')).toContainText([
		'Name',
		'Organization'
	]);

	await alice.context.close();
	await bob.context.close();
});

test('the name column stays in view when the table scrolls sideways', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Wide co');
	const { page, context } = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Dana');
	await page.setViewportSize({ width: 800, height: 700 });
	await newPerson(page, 'Ada', 'Lovelace');
	await page.goto('/people?sort=city&dir=asc');
	const table = page.getByRole('table', { name: 'People' });
	const link = table.getByRole('link', { name: 'Ada Lovelace' });
	await expect(link).toBeVisible();
	const before = (await link.boundingBox())!;
	// Scroll the body as far right as it goes; the header follows
	const scrolled = await table.locator('.body').evaluate((el) => {
		el.scrollLeft = el.scrollWidth;
		return el.scrollLeft;
	});
	expect(scrolled).toBeGreaterThan(200);
	await expect.poll(() => table.locator('.head').evaluate((el) => el.scrollLeft)).toBe(scrolled);
	const after = (await link.boundingBox())!;
	expect(Math.abs(after.x - before.x)).toBeLessThan(1);
	// The header's name cell is still where it was, the sorted column's header scrolled in
	await expect(table.getByRole('columnheader', { name: 'Name' })).toBeInViewport();
	await expect(table.getByRole('columnheader', { name: 'Tags' })).toBeInViewport();
	await context.close();
});
