/**
 * Deals, the third record type, through the real relay: one device creates a deal for an
 * organization with clicks, another finds it on the organization's page; both edit it at once
 * and one of them offline; a delete goes to Recently deleted and a restore brings it back.
 */
import { expect, test, type Page } from '@playwright/test';
import { createWorkspace, invite, joinAs, waitSynced } from './helpers';

const syncStatus = (page: Page) => page.getByRole('status', { name: 'Sync status' });

async function createOrganization(page: Page, name: string): Promise<string> {
	await page.goto('/organizations');
	await page.getByRole('button', { name: 'New organization' }).click();
	await page.getByLabel('Name').fill(name);
	await page.getByRole('button', { name: 'Create', exact: true }).click();
	await expect(page).toHaveURL(/\/organizations\/[0-9a-f-]{36}$/);
	return new URL(page.url()).pathname;
}

async function setAmount(page: Page, amount: string) {
	await page.getByLabel('Amount').fill(amount);
	await page.getByLabel('Amount').blur();
}

test('a deal for an organization: made on one device, edited on two, deleted and restored', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Pipeline co');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const a = alice.page;
	const b = bob.page;

	// Alice opens Acme and adds a deal to it with real clicks
	const orgPath = await createOrganization(a, 'Acme');
	await a.getByRole('button', { name: 'Add deal for this organization' }).click();
	await a.getByLabel('Deal name').fill('Acme renewal');
	await a.getByRole('button', { name: 'Add', exact: true }).click();
	await expect(a).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);
	const dealPath = new URL(a.url()).pathname;
	await expect(a.getByLabel('Name')).toHaveValue('Acme renewal');
	await expect(a.getByLabel('Stage')).toHaveValue('lead');
	await expect(a.getByLabel('Currency')).toHaveValue('EUR');
	await expect(a.getByLabel('Organization', { exact: true })).toHaveValue('Acme');

	// Bob finds it on Acme's page and opens it
	await b.goto(orgPath);
	const bobDeals = b.getByRole('region', { name: /Deals/ });
	await bobDeals.getByRole('link', { name: 'Acme renewal' }).click();
	await expect(b).toHaveURL(new RegExp(`${dealPath}$`));
	await expect(b.getByLabel('Name')).toHaveValue('Acme renewal');

	// At the same moment, Bob moves the stage and Alice sets the amount
	await Promise.all([b.getByLabel('Stage').selectOption('proposal'), setAmount(a, '12000')]);
	for (const page of [a, b]) {
		await expect(page.getByLabel('Stage')).toHaveValue('proposal');
		await expect(page.getByLabel('Amount')).toHaveValue('12000');
	}

	// Bob goes offline and moves the stage on; Alice changes the amount meanwhile
	await bob.context.setOffline(true);
	await expect(syncStatus(b)).toContainText(/Offline/i);
	await b.getByLabel('Stage').selectOption('negotiation');
	await expect(syncStatus(b)).toContainText(/not yet confirmed/);
	await setAmount(a, '15000');
	await a.waitForTimeout(500);
	await expect(a.getByLabel('Stage')).toHaveValue('proposal');
	await bob.context.setOffline(false);
	await waitSynced(b);
	for (const page of [a, b]) {
		await expect(page.getByLabel('Stage')).toHaveValue('negotiation');
		await expect(page.getByLabel('Amount')).toHaveValue('15000');
	}
	// The list shows it with both edits; Acme's page lists it with its stage
	await a.goto('/deals');
	const row = a.getByRole('row', { name: /Acme renewal/ });
	await expect(row).toContainText('Negotiation');
	await expect(row).toContainText('15,000 EUR');
	await expect(row).toContainText('Acme');
	await expect(b.getByRole('region', { name: 'History' })).toContainText('Alice');

	// Alice deletes it from its page; Bob finds it in Recently deleted and restores it
	await a.goto(dealPath);
	await a.getByRole('button', { name: 'Delete deal' }).click();
	await expect(a).toHaveURL(/\/deals$/);
	await expect(a.getByRole('row', { name: /Acme renewal/ })).toBeHidden();
	await b.goto('/deals');
	await b.getByRole('main').getByRole('link', { name: 'Recently deleted' }).click();
	await expect(b).toHaveURL(/\/deleted\/deals$/);
	const entry = b.getByRole('listitem').filter({ hasText: 'Acme renewal' });
	await expect(entry).toContainText('Alice');
	await b.getByRole('button', { name: 'Restore Acme renewal' }).click();
	await expect(entry).toBeHidden();
	await b.goto(orgPath);
	await expect(
		b.getByRole('region', { name: /Deals/ }).getByRole('link', { name: 'Acme renewal' })
	).toBeVisible();
	await a.goto('/deals');
	await expect(a.getByRole('row', { name: /Acme renewal/ })).toBeVisible();
	await expect(a.getByRole('row', { name: /Acme renewal/ })).toContainText('Negotiation');

	await alice.context.close();
	await bob.context.close();
});
