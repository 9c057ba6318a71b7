/**
 * The sales pipeline through the real relay, on two devices: a stage configured in Settings
 * on one shows on the other; a deal dragged with the mouse to another column, or moved with
 * the keyboard, shows there on the other's board; both moving the same card at once end with
 * it in one column, once, on both; a card moved offline lands on the other's board after the
 * reconnect; the Metrics tab counts the moves in its conversion; the deal's page shows its
 * stage history.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { createWorkspace, invite, joinAs, waitSynced } from './helpers';

const syncStatus = (page: Page) => page.getByRole('status', { name: 'Sync status' });
const column = (page: Page, stage: string) =>
	page.getByRole('region', { name: stage, exact: true });
const card = (page: Page, stage: string, deal: string) =>
	column(page, stage).locator('li[data-deal]', { hasText: deal });
const cards = (page: Page, deal: string) => page.locator('li[data-deal]', { hasText: deal });

async function createDeal(page: Page, name: string) {
	await page.goto('/deals');
	await page.getByRole('button', { name: 'New deal' }).click();
	await page.getByLabel('Deal name').fill(name);
	await page.getByRole('button', { name: 'Create', exact: true }).click();
	await expect(page).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);
}

/** A mouse drag as a hand does it: press on the card, move in steps, let go over the column. */
async function drag(page: Page, from: Locator, to: Locator) {
	const a = (await from.boundingBox())!;
	const b = (await to.boundingBox())!;
	// The card's top right corner: beside its name, not on the link.
	const x = a.x + a.width - 12;
	const y = a.y + 10;
	await page.mouse.move(x, y);
	await page.mouse.down();
	await page.mouse.move(x + 8, y + 8, { steps: 4 });
	await page.mouse.move(b.x + b.width / 2, b.y + 30, { steps: 20 });
	await page.waitForTimeout(300);
	await page.mouse.up();
}

/** The one column the deal's card is in (and that it is in one, once). */
async function columnOf(page: Page, deal: string): Promise<string> {
	await expect(cards(page, deal)).toHaveCount(1);
	return cards(page, deal).evaluate(
		(li) => li.closest('section')?.querySelector('h2')?.textContent ?? ''
	);
}

test('pipeline: stages configured and shared, cards dragged, moved by keyboard, at once, offline', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Board co');
	// Wide enough for every column: a drag near the board's edge scrolls it under the mouse.
	const wide = { viewport: { width: 2000, height: 900 } };
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice', wide);
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob', wide);
	const a = alice.page;
	const b = bob.page;

	// Alice adds a "Demo" stage at 40 % in Settings; Bob's Settings show it
	await a.goto('/settings');
	await a.getByLabel('New stage in New business').fill('Demo');
	await a.getByLabel('Probability %').last().fill('40');
	await a.getByRole('button', { name: 'Add stage' }).click();
	await expect(a.getByLabel('Name of stage Demo')).toHaveValue('Demo');
	await b.goto('/settings');
	await expect(b.getByLabel('Name of stage Demo')).toHaveValue('Demo');
	await expect(b.getByLabel('Default probability of Demo')).toHaveValue('40');

	// Two deals, both at Lead; a stage holding deals is not removed, and says why
	await createDeal(a, 'Acme renewal');
	await createDeal(a, 'Globex pilot');
	await a.goto('/settings');
	await a.getByRole('button', { name: 'Remove stage Lead' }).click();
	await expect(a.getByRole('alert').filter({ hasText: 'still holds' })).toContainText(
		'Lead still holds 2 deals: move them to another stage first.'
	);

	// Both open the board: a column per stage, with its count
	for (const page of [a, b]) {
		await page.goto('/deals?view=board');
		await expect(column(page, 'Demo')).toBeVisible();
		await expect(card(page, 'Lead', 'Acme renewal')).toBeVisible();
		await expect(column(page, 'Lead').getByLabel('2 deals')).toBeVisible();
	}

	// Alice drags Acme renewal with the mouse to Qualified; Bob sees it there
	await drag(a, card(a, 'Lead', 'Acme renewal'), column(a, 'Qualified').getByRole('list'));
	await expect(card(a, 'Qualified', 'Acme renewal')).toBeVisible();
	await expect(card(b, 'Qualified', 'Acme renewal')).toBeVisible();
	await expect(card(b, 'Lead', 'Acme renewal')).toHaveCount(0);
	await expect(column(b, 'Lead').getByLabel('1 deal', { exact: true })).toBeVisible();

	// Bob moves it on with the keyboard; Alice sees it at Proposal
	await card(b, 'Qualified', 'Acme renewal')
		.getByRole('button', { name: 'Move Acme renewal to Proposal' })
		.focus();
	await b.keyboard.press('Enter');
	await expect(card(a, 'Proposal', 'Acme renewal')).toBeVisible();
	await expect(card(b, 'Proposal', 'Acme renewal')).toBeVisible();

	// …and the drag library's own keyboard drag: Space picks it up, Tab carries it to the next
	// column, Space puts it down
	await card(b, 'Proposal', 'Acme renewal').focus();
	await b.keyboard.press('Space');
	await b.keyboard.press('Tab');
	await b.keyboard.press('Space');
	await expect(card(a, 'Negotiation', 'Acme renewal')).toBeVisible();
	expect(await columnOf(b, 'Acme renewal')).toBe('Negotiation');

	// Both move Globex pilot at the same moment, to different columns, with no way to see the
	// other's move first: each ends with it in the same single column
	await alice.context.setOffline(true);
	await bob.context.setOffline(true);
	for (const page of [a, b]) await expect(syncStatus(page)).toContainText(/Offline/i);
	await Promise.all([
		drag(a, card(a, 'Lead', 'Globex pilot'), column(a, 'Negotiation').getByRole('list')),
		card(b, 'Lead', 'Globex pilot')
			.getByRole('button', { name: 'Move Globex pilot to Qualified' })
			.click()
	]);
	await expect(card(a, 'Negotiation', 'Globex pilot')).toBeVisible();
	await expect(card(b, 'Qualified', 'Globex pilot')).toBeVisible();
	await alice.context.setOffline(false);
	await bob.context.setOffline(false);
	await waitSynced(a);
	await waitSynced(b);
	await expect
		.poll(async () => (await columnOf(a, 'Globex pilot')) === (await columnOf(b, 'Globex pilot')))
		.toBe(true);
	expect(['Negotiation', 'Qualified']).toContain(await columnOf(a, 'Globex pilot'));

	// Bob, offline, moves Acme renewal to Demo; Alice sees it once he is back
	await bob.context.setOffline(true);
	await expect(syncStatus(b)).toContainText(/Offline/i);
	await drag(b, card(b, 'Negotiation', 'Acme renewal'), column(b, 'Demo').getByRole('list'));
	await expect(card(b, 'Demo', 'Acme renewal')).toBeVisible();
	await expect(syncStatus(b)).toContainText(/not yet confirmed/);
	await a.waitForTimeout(500);
	await expect(card(a, 'Negotiation', 'Acme renewal')).toBeVisible();
	await bob.context.setOffline(false);
	await waitSynced(b);
	await expect(card(a, 'Demo', 'Acme renewal')).toBeVisible();
	expect(await columnOf(a, 'Acme renewal')).toBe('Demo');

	// The Metrics tab reads the trail each move left on the deals: both left Lead (Globex's two
	// concurrent moves count once), Acme entered Demo
	await a.goto('/deals?view=metrics');
	const stages = a.getByRole('table', { name: /^Time in stage and conversion/ });
	const lead = stages.getByRole('row', { name: /^Lead/ }).getByRole('cell');
	await expect(lead.nth(1)).toHaveText('2'); // entered
	await expect(lead.nth(2)).toHaveText('2'); // went on
	await expect(lead.nth(3)).toHaveText('100 %');
	await expect(stages.getByRole('row', { name: /^Demo/ }).getByRole('cell').nth(1)).toHaveText('1');
	await a.goto('/deals?view=board');

	// The deal's page: its stage, probability from the stage, and where it has been
	await card(a, 'Demo', 'Acme renewal').getByRole('link', { name: 'Acme renewal' }).click();
	await expect(a).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);
	await expect(a.getByLabel('Stage', { exact: true })).toHaveValue(/^[0-9a-f]{12}$/);
	await expect(a.getByText('40% (the Demo’s default)')).toBeVisible();
	const history = a.getByRole('region', { name: 'Pipeline moves' });
	for (const stage of ['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Demo'])
		await expect(history).toContainText(stage);
	await expect(history).toContainText('Bob');

	// A line item picks a product from the catalogue; the empty amount follows the lines' total
	const dealPath = new URL(a.url()).pathname;
	await a.goto('/products');
	await a.getByRole('button', { name: 'New product' }).click();
	await a.getByLabel('Product name').fill('Widget');
	await a.getByLabel('SKU').fill('W-1');
	await a.getByRole('button', { name: 'Create', exact: true }).click();
	await expect(a).toHaveURL(/\/products\/[0-9a-f-]{36}$/);
	await a.goto(dealPath);
	await a.getByRole('button', { name: 'Add line' }).click();
	const line = a.getByRole('group', { name: 'Line 1' });
	await line.getByRole('combobox', { name: 'Product' }).fill('Widg');
	await line.getByRole('combobox', { name: 'Product' }).press('Enter');
	await expect(line.getByLabel('SKU')).toHaveValue('W-1');
	await line.getByLabel('Price').fill('250');
	await line.getByLabel('Price').blur();
	await line.getByLabel('Quantity').fill('2');
	await line.getByLabel('Quantity').blur();
	await expect(a.getByLabel('Amount')).toHaveValue('500');
	await b.goto(dealPath);
	await expect(b.getByRole('group', { name: 'Line 1' }).getByLabel('SKU')).toHaveValue('W-1');
	await expect(b.getByLabel('Amount')).toHaveValue('500');

	await alice.context.close();
	await bob.context.close();
});
