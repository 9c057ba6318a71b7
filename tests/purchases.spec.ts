/**
 * Buying patterns through the real relay and the real purchases worker: Alice enters an order
 * for each of two customers; Ada's page shows her RFM cell from the workspace's quintiles. Bob,
 * on his own device, enters a second, larger order for Ada; it reaches Alice's device through
 * the relay, her worker re-reads that month from the device's storage, and Ada's cell on
 * Alice's open page moves from "Need attention" to "Loyal".
 */
import { expect, test, type Page } from '@playwright/test';
import { createPerson, createWorkspace, invite, joinAs, waitSynced } from './helpers';

const line = (page: Page, n: number) => page.getByRole('group', { name: `Line ${n}` });
const pattern = (page: Page) => page.getByRole('region', { name: 'Buying pattern' });

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

test('an order entered on another device moves a customer’s RFM cell', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Farm shop');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const a = alice.page;
	const b = bob.page;

	const ada = await createPerson(a, 'Ada', 'Byron');
	await expect(pattern(a)).toContainText('No orders yet');
	await createPerson(a, 'Ben', 'Okri');
	await newOrder(a, 'Ada Byron', 'Vegetables', 100);
	await newOrder(a, 'Ben Okri', 'Bakery', 100);

	// Two customers alike: every score is the middle one.
	await a.goto(ada);
	await expect(pattern(a)).toContainText('Need attention (R 3 · F 3 · M 3)');
	await expect(pattern(a)).toContainText('100 EUR from 1 order');
	await expect(pattern(a)).toContainText('Vegetables 100%');
	await waitSynced(a);

	// Bob enters a second, larger order for Ada on his device.
	const second = await newOrder(b, 'Ada Byron', 'Cheese', 300);
	await waitSynced(b);

	// On Alice's open page, Ada becomes loyal: F and M above Ben's.
	await expect(pattern(a)).toContainText('Loyal (R 3 · F 4 · M 4)', { timeout: 10_000 });
	await expect(pattern(a)).toContainText('400 EUR from 2 orders, 200 EUR on average');
	await expect(pattern(a)).toContainText('Cheese 75%, Vegetables 25%');
	// The latest orders link to them.
	await pattern(a).getByRole('link').first().click();
	await expect(a).toHaveURL(new RegExp(`${second}$`));

	// Alice judges Ada could be worth 50,000: high potential, low current value (tiers 1k/10k).
	await a.goto(ada);
	await a.getByLabel('Potential value').fill('50000');
	await a.getByLabel('Potential value').blur();
	await a.goto('/people?view=value');
	const value = a.getByRole('region', { name: 'Current against potential value' });
	await value
		.getByRole('link', { name: 'Current value Low, potential value High: 1 person' })
		.click();
	await expect(a.getByRole('status').filter({ hasText: 'potential value High' })).toContainText(
		'1 person'
	);
	await expect(a.getByRole('row', { name: /Ada Byron/ })).toBeVisible();
	await expect(a.getByRole('row', { name: /Ben Okri/ })).toHaveCount(0);

	// The RFM grid's Loyal cell opens exactly Ada; About to sleep exactly Ben.
	await a.goto('/people?view=value');
	const rfm = a.getByRole('region', { name: 'RFM cells' });
	await expect(rfm.getByRole('row', { name: /Loyal/ })).toContainText('400 EUR');
	await rfm.getByRole('link', { name: 'RFM: About to sleep: 1 person' }).click();
	await expect(a.getByRole('row', { name: /Ben Okri/ })).toBeVisible();
	await expect(a.getByRole('row', { name: /Ada Byron/ })).toHaveCount(0);
	// Best customers: Ada first, with her share of all revenue (400 of 500).
	await a.goto('/people?view=value');
	const best = a.getByRole('region', { name: 'Best customers' });
	await expect(best.getByRole('listitem').first()).toContainText('Ada Byron');
	await expect(best.getByRole('listitem').first()).toContainText('80% of revenue');
});
