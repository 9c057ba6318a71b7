/**
 * Organizations in the value grids: an order entered for Acme (its organization picked in the
 * New order dialog) and one for Ben, a person of no organization. The Value tab's
 * Organizations view holds Acme alone, with the order's revenue; its RFM cell opens the
 * organizations list of exactly Acme, and the People view does not count Acme.
 */
import { expect, test, type Page } from '@playwright/test';
import { createPerson, createWorkspace, invite, joinAs } from './helpers';

const line = (page: Page, n: number) => page.getByRole('group', { name: `Line ${n}` });

async function createOrganization(page: Page, name: string) {
	await page.goto('/organizations');
	await page.getByRole('button', { name: 'New organization' }).click();
	await page.getByLabel('Name').fill(name);
	await page.getByRole('button', { name: 'Create', exact: true }).click();
	await expect(page).toHaveURL(/\/organizations\/[0-9a-f-]{36}$/);
}

/** An order of one line at `price`, for a person or an organization picked by typing. */
async function newOrder(
	page: Page,
	picker: 'Customer' | 'Organization',
	name: string,
	price: number
) {
	await page.goto('/orders');
	await page.getByRole('button', { name: 'New order' }).click();
	const dialog = page.getByRole('dialog', { name: 'New order' });
	await dialog.getByRole('combobox', { name: picker }).fill(name);
	await dialog.getByRole('option', { name: new RegExp(name) }).click();
	await dialog.getByRole('button', { name: 'Create order' }).click();
	await expect(page).toHaveURL(/\/orders\/\d{4}-\d{2}~[0-9a-f-]{36}$/);
	await page.getByRole('button', { name: 'Add line' }).click();
	const input = line(page, 1).getByLabel('Price');
	await input.fill(String(price));
	await input.blur();
	await expect(page.getByLabel('Order total')).toHaveText(`${price} EUR`);
}

test('organizations have their own value grids, cells opening exactly them', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Farm shop');
	const { page: a, context } = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	await createOrganization(a, 'Acme Foods');
	await createOrganization(a, 'Idle Ltd');
	await createPerson(a, 'Ben', 'Okri');
	await newOrder(a, 'Organization', 'Acme Foods', 250);
	await newOrder(a, 'Customer', 'Ben Okri', 100);

	await a.goto('/people?view=value');
	await a
		.getByRole('navigation', { name: 'Clusters of' })
		.getByRole('link', { name: 'Organizations' })
		.click();
	await expect(a).toHaveURL(/of=organizations/);
	const rfm = a.getByRole('region', { name: 'RFM cells' });
	await expect(a.getByText(/^1 customers, 250 EUR of revenue/)).toBeVisible({ timeout: 30_000 });
	await expect(a.getByRole('region', { name: 'Best customers' }).getByRole('link')).toHaveText([
		'Acme Foods'
	]);
	const cell = rfm.getByRole('link', { name: /: 1 organization$/ });
	await expect(cell).toHaveCount(1);
	await cell.click();
	await expect(a).toHaveURL(/\/organizations\?cluster=rfm/);
	await expect(a.getByRole('status').filter({ hasText: '1 organization.' })).toBeVisible();
	await expect(a.getByRole('row', { name: /Acme Foods/ })).toBeVisible();
	await expect(a.getByRole('row', { name: /Idle Ltd/ })).toHaveCount(0);

	// The people's grids: Ben alone, Acme not among them.
	await a.goto('/people?view=value');
	await expect(a.getByText(/^1 customers, 100 EUR of revenue/)).toBeVisible();
	await expect(a.getByRole('region', { name: 'Best customers' }).getByRole('link')).toHaveText([
		'Ben Okri'
	]);

	await context.close();
});
