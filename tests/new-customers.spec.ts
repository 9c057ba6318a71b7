/**
 * The New customers card, computed by the reports worker over the device's copy (issue #17):
 * Alice wins a deal for a person who came by referral; Bob, offline on his device, wins one for
 * a person from the web; once he is back, Alice's card counts both under their sources. The won
 * deals reach the worker only when they change or the worker is new
 * (session/customer-reports.ts): Bob's deal changes the list (the test fails if a worker that
 * was sent the list before is not sent the new one), and a reload's new page and worker count
 * the same.
 */
import { expect, test, type Page } from '@playwright/test';
import { createWorkspace, invite, joinAs, waitOfflineReady, waitSynced } from './helpers';

const newCustomers = (page: Page) =>
	page
		.getByRole('listitem', { name: 'New customers', exact: true })
		.getByRole('table', { name: /New customers: the figures/ });

/** On the people list: a person with a source, and a deal of theirs won, made by clicks. */
async function winDealFor(page: Page, first: string, last: string, source: string) {
	await page.getByRole('link', { name: 'People', exact: true }).click();
	await page.getByRole('button', { name: 'New person' }).click();
	await page.getByLabel('First name').fill(first);
	await page.getByLabel('Last name').fill(last);
	await page.getByRole('button', { name: 'Create', exact: true }).click();
	await expect(page).toHaveURL(/\/people\/[0-9a-f-]{36}$/);
	await page.getByLabel('Source').fill(source);
	await page.getByLabel('Source').blur();
	await page.getByRole('button', { name: 'Add deal with this person' }).click();
	const dialog = page.getByRole('dialog', { name: 'Add a deal' });
	await dialog.getByLabel('Deal name').fill(`${first}'s order`);
	await dialog.getByRole('button', { name: 'Add', exact: true }).click();
	await expect(page).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);
	await page.getByLabel('Stage').selectOption('won');
	await expect(page.getByLabel('Stage')).toHaveValue('won');
}

test('new customers follow won deals of both devices, and a new worker after a reload', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'New customers co');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const a = alice.page;
	const b = bob.page;

	await winDealFor(a, 'Ada', 'Referred', 'Referral');
	await a.goto('/dashboards');
	await a.getByRole('button', { name: "Add the manager's dashboard" }).click();
	await expect(a).toHaveURL(/\/dashboards\/dashboard-manager$/);
	const table = newCustomers(a);
	/** A source's total of new customers this period (its row's last cell). */
	const total = (source: string) =>
		table
			.getByRole('row', { name: new RegExp(source) })
			.getByRole('cell')
			.last();
	await expect(total('Referral')).toHaveText('1', { timeout: 20_000 });
	await expect(table.getByRole('row', { name: /Web/ })).toHaveCount(0);

	// Bob, offline, wins a deal for a person from the web; back online, his edits reach Alice,
	// whose worker is asked again with the won deals that changed.
	await waitOfflineReady(b);
	await bob.context.setOffline(true);
	await winDealFor(b, 'Bea', 'Browsing', 'Web');
	await expect(total('Web')).toHaveCount(0);
	await bob.context.setOffline(false);
	await waitSynced(b);
	await expect(total('Web')).toHaveText('1', { timeout: 20_000 });
	await expect(total('Referral')).toHaveText('1');

	// A reload starts a new worker, which holds no won deals: it is sent them.
	await a.reload();
	await expect(total('Referral')).toHaveText('1', { timeout: 20_000 });
	await expect(total('Web')).toHaveText('1');
	await alice.context.close();
	await bob.context.close();
});
