/**
 * The forecast and goals through the real relay, on two devices: Alice sets a USD rate (a bad
 * code is refused with a message) and a goal, edits a deal's amount in place in the list; Bob
 * moves the deal to Won on the board (a move to Lost asks why, and cancelling keeps the card);
 * Alice's forecast and goal progress change without a reload, within a second. Then Alice,
 * offline, changes the rate while Bob moves the deal back: both converge on the same figures.
 */
import { expect, test, type Page } from '@playwright/test';
import { createWorkspace, invite, joinAs, waitOfflineReady, waitSynced } from './helpers';

const syncStatus = (page: Page) => page.getByRole('status', { name: 'Sync status' });
const month = new Date().toISOString().slice(0, 7);
const today = new Date().toISOString().slice(0, 10);
const forecastRow = (page: Page) => page.locator(`tr[data-period="${month}"]`);
const DEAL = 'Initech expansion';

async function moveOn(page: Page, to: string) {
	await page.getByRole('button', { name: `Move ${DEAL} to ${to}` }).click();
	await expect(
		page.getByRole('region', { name: to, exact: true }).locator('li[data-deal]', { hasText: DEAL })
	).toBeVisible();
}

test('forecast and goals: rates, a goal, a teammate winning the deal, offline edits converging', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Forecast co');
	const wide = { viewport: { width: 1800, height: 900 } };
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice', wide);
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob', wide);
	const a = alice.page;
	const b = bob.page;

	// Alice sets a rate: USD at 0.5 EUR from 2020; a bad code says why
	await a.goto('/settings');
	await a.getByRole('textbox', { name: 'Currency', exact: true }).fill('US');
	await a.getByLabel('Rate (1 unit in EUR)').fill('0.5');
	await a.getByLabel('Valid from').fill('2020-01-01');
	await a.getByRole('button', { name: 'Add rate' }).click();
	await expect(a.getByRole('alert').filter({ hasText: 'not a currency code' })).toBeVisible();
	await a.getByRole('textbox', { name: 'Currency', exact: true }).fill('USD');
	await a.getByRole('button', { name: 'Add rate' }).click();
	await expect(a.getByRole('row', { name: /USD 0.5 EUR 2020-01-01/ })).toBeVisible();

	// A deal in USD closing today; its amount typed in place in the list
	await a.goto('/deals');
	await a.getByRole('button', { name: 'New deal' }).click();
	await a.getByLabel('Deal name').fill(DEAL);
	await a.getByRole('button', { name: 'Create', exact: true }).click();
	await expect(a).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);
	await a.getByLabel('Currency').fill('USD');
	await a.getByLabel('Currency').blur();
	await a.getByLabel('Expected close').fill(today);
	await a.getByLabel('Expected close').blur();
	await a.goto('/deals');
	await a.getByRole('button', { name: `Amount of ${DEAL}: empty. Edit` }).click();
	await a.getByRole('textbox', { name: `Amount of ${DEAL}` }).fill('10000');
	await a.keyboard.press('Enter');
	await expect(
		a.getByRole('button', { name: `Amount of ${DEAL}: 10,000 USD. Edit` })
	).toBeFocused();

	// Alice's goal: €10,000 won this month
	await a.goto('/deals?view=goals');
	await a.getByRole('button', { name: 'Add goal' }).click();
	await a.getByLabel('For').selectOption({ label: 'Alice' });
	await a.getByLabel('Per').selectOption('month');
	await a.getByLabel('Target').fill('10000');
	await a.getByRole('button', { name: 'Save goal' }).click();
	await expect(a.getByText('€0 of €10,000, 0 %')).toBeVisible();

	// The forecast: 10,000 USD at 0.5, at Lead (10 %): €500 weighted, €5,000 in the pipeline
	await a.goto('/deals?view=forecast');
	await expect(forecastRow(a)).toContainText('€500');
	await expect(forecastRow(a)).toContainText('€5,000');
	await expect(forecastRow(a)).toContainText('€10,000'); // the target
	await expect(a.locator('canvas[aria-label^="Forecast chart"]')).toBeVisible();

	// Bob moves it to Won on the board; a move on to Lost asks why, and Cancel keeps it at Won
	await b.goto('/deals?view=board');
	for (const stage of ['Qualified', 'Proposal', 'Negotiation']) await moveOn(b, stage);
	await b.getByRole('button', { name: `Move ${DEAL} to Won` }).click();
	// Alice's forecast, open all along, shows it won within a second
	await expect(forecastRow(a).locator('td').nth(4)).toHaveText('€5,000 (1)', { timeout: 1000 });
	await b.getByRole('button', { name: `Move ${DEAL} to Lost` }).click();
	const dialog = b.getByRole('dialog', { name: `Why was ${DEAL} lost?` });
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: 'Cancel' }).click();
	await expect(
		b.getByRole('region', { name: 'Won', exact: true }).locator('li[data-deal]', { hasText: DEAL })
	).toBeVisible();

	// Her goal's progress, without a reload
	await a.getByRole('link', { name: 'Goals', exact: true }).click();
	await expect(a.getByText(/€5,000 of €10,000, 50 %/)).toBeVisible({ timeout: 1000 });

	// Alice offline changes the rate to 0.6 while Bob moves the deal back to Negotiation (75 %)
	await waitOfflineReady(a); // the app's files cached: the settings page loads offline
	await alice.context.setOffline(true);
	await expect(syncStatus(a)).toContainText(/Offline/i);
	await a.goto('/settings');
	await a.getByRole('button', { name: 'Edit the USD rate from 2020-01-01' }).click();
	await a.getByLabel('Rate (1 unit in EUR)').fill('0.6');
	await a.getByRole('button', { name: 'Save rate' }).click();
	await expect(a.getByRole('row', { name: /USD 0.6 EUR/ })).toBeVisible();
	await b.getByRole('button', { name: `Move ${DEAL} to Negotiation` }).click();
	await alice.context.setOffline(false);
	await waitSynced(a);
	await waitSynced(b);
	// Both: 10,000 × 0.6 × 75 % = €4,500 weighted; nothing won; the goal back to 0
	for (const page of [a, b]) {
		await page.goto('/deals?view=forecast');
		await expect(forecastRow(page).locator('td').first()).toHaveText('€4,500');
		await expect(forecastRow(page).locator('td').nth(4)).toHaveText('€0');
	}
	await a.goto('/deals?view=goals');
	await expect(a.getByText('€0 of €10,000, 0 %')).toBeVisible();

	// Alice deletes the goal from its page: back on the goals, a toast offers to undo; Bob sees
	// it go, and come back when she undoes it
	await b.goto('/deals?view=goals');
	const bobsGoal = b.getByRole('link', { name: /^Edit goal: / });
	await expect(bobsGoal).toBeVisible();
	await a.getByRole('link', { name: /^Edit goal: / }).click();
	await a.getByRole('button', { name: 'Delete goal' }).click();
	await expect(a).toHaveURL(/\/deals\?view=goals$/);
	const toast = a.getByRole('region', { name: 'Notifications' });
	await expect(toast).toContainText(/Deleted .+/);
	await expect(a.getByRole('link', { name: /^Edit goal: / })).toBeHidden();
	await expect(bobsGoal).toBeHidden();
	await toast.getByRole('button', { name: 'Undo' }).click();
	await expect(a.getByText('€0 of €10,000, 0 %')).toBeVisible();
	await expect(bobsGoal).toBeVisible();

	await alice.context.close();
	await bob.context.close();
});
