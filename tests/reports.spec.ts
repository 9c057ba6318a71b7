/**
 * The customer reports through the real relay and the real reports worker: Bob enters orders
 * on his device; on Alice's, the revenue-by-category report (computed by her reports worker
 * from her device's copy) shows them, and moves when Bob adds another; the Vegetables row
 * opens exactly Ada's two orders; the RFM grid's cells open exactly the person in each, and
 * one saved as a segment lists exactly that person in the people list.
 */
import { expect, test, type Page } from '@playwright/test';
import { createPerson, createWorkspace, invite, joinAs, waitSynced } from './helpers';

const line = (page: Page, n: number) => page.getByRole('group', { name: `Line ${n}` });

async function setLine(page: Page, label: string, value: string) {
	const input = line(page, 1).getByLabel(label);
	await input.fill(value);
	await input.blur();
}

/** A new order for `customer` with one line, entered with clicks; returns its path. */
async function newOrder(page: Page, customer: string, category: string, price: number) {
	await page.goto('/orders');
	await page.getByRole('button', { name: 'New order' }).click();
	const dialog = page.getByRole('dialog', { name: 'New order' });
	await dialog.getByRole('combobox', { name: 'Customer' }).fill(customer);
	await dialog.getByRole('option', { name: new RegExp(customer) }).click();
	await dialog.getByRole('button', { name: 'Create order' }).click();
	await expect(page).toHaveURL(/\/orders\/\d{4}-\d{2}~[0-9a-f-]{36}$/);
	await page.getByRole('button', { name: 'Add line' }).click();
	await setLine(page, 'Category', category);
	await setLine(page, 'Price', String(price));
	await expect(page.getByLabel('Order total')).toHaveText(`${price.toLocaleString('en')} EUR`);
	return new URL(page.url()).pathname;
}

test('orders entered on another device move the revenue and RFM reports, whose cells open exactly their records', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Farm shop');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const a = alice.page;
	const b = bob.page;

	await createPerson(a, 'Ada', 'Byron');
	await createPerson(a, 'Ben', 'Okri');
	await waitSynced(a);

	const first = await newOrder(b, 'Ada Byron', 'Vegetables', 100);
	await newOrder(b, 'Ben Okri', 'Bakery', 50);
	await waitSynced(b);

	await a.goto('/reports/revenue-by-category?period=this-month');
	const figures = a.getByRole('region', { name: 'Revenue by category: every figure' });
	const vegetables = figures.getByRole('row', { name: /^Vegetables/ });
	await expect(vegetables).toContainText('100', { timeout: 15_000 });
	await expect(figures.getByRole('row', { name: /^Bakery/ })).toContainText('50');

	// Bob adds one more for Ada: Alice's open report moves.
	const second = await newOrder(b, 'Ada Byron', 'Vegetables', 40);
	await waitSynced(b);
	await expect(vegetables).toContainText('140', { timeout: 15_000 });

	// The row opens exactly Ada's two orders.
	await vegetables.getByRole('link', { name: 'Vegetables' }).click();
	const drill = a.getByRole('region', { name: /: the orders$/ });
	const count = a.getByRole('status').filter({ hasText: /^\s*\d+ (orders?|person|people)\b/ });
	await expect(count).toHaveText('2 orders');
	const hrefs = await drill
		.getByRole('link')
		.evaluateAll((links) => links.map((l) => new URL((l as HTMLAnchorElement).href).pathname));
	expect(hrefs.sort()).toEqual([first, second].sort());

	// RFM: both bought today (R 3 each); Ada twice (F 4), Ben once (F 2).
	await a.goto('/reports/rfm-grid');
	const grid = a.getByRole('region', { name: 'RFM grid: every figure' });
	const r3 = grid.getByRole('row', { name: /^Recency 3/ });
	await expect(r3.getByRole('cell').nth(3)).toHaveText('1', { timeout: 15_000 }); // F 4
	await expect(r3.getByRole('cell').nth(1)).toHaveText('1'); // F 2
	await r3.getByRole('cell').nth(3).getByRole('link').click();
	await expect(count).toHaveText('1 person');
	const people = a.getByRole('region', { name: /: the people$/ });
	await expect(people.getByRole('link')).toHaveText(['Ada Byron']);
	await a.goBack();
	await r3.getByRole('cell').nth(1).getByRole('link').click();
	await expect(count).toHaveText('1 person');
	await expect(people.getByRole('link')).toHaveText(['Ben Okri']);

	// Ben's cell saved as a segment: a fixed list, which the people list opens on, Ben alone.
	await expect(a.getByText(/a fixed list of 1 person, as of/)).toBeVisible();
	await a.getByLabel('Segment name').fill('Bought once');
	await a.getByRole('button', { name: 'Save as segment' }).click();
	await expect(a).toHaveURL(/\/people\?segment=[0-9a-f-]{36}$/);
	await expect(a.getByRole('combobox', { name: /^Segment\b/ })).toHaveValue(/.+/);
	const listed = a.getByRole('status').filter({ hasText: /^\s*\d+ (person|people)\s*$/ });
	await expect(listed).toHaveText('1 person');
	await expect(a.getByRole('link', { name: 'Ben Okri' })).toBeVisible();
	await expect(a.getByRole('link', { name: 'Ada Byron' })).toHaveCount(0);

	// In the builder the list is one part, named with its size, that can only be removed.
	const saved = new URL(a.url()).searchParams.get('segment')!;
	await a.goto(`/people?view=segments&id=${encodeURIComponent(saved)}`);
	await expect(a.getByRole('group', { name: 'Condition 1' })).toContainText('Picked people (1)');
	await expect(a.getByRole('region', { name: 'Preview' }).getByRole('link')).toHaveText([
		'Ben Okri'
	]);
	await expect(a.getByRole('button', { name: 'Remove condition 1' })).toBeVisible();

	await alice.context.close();
	await bob.context.close();
});
