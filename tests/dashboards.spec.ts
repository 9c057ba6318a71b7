/**
 * Dashboards through the real relay (issue #17): Alice, a manager, makes the manager's
 * dashboard; Bob wins a deal and logs two calls on his device; Alice's cards move (read through
 * their data tables, what a screen reader gets); this month's "Won" figure opens exactly Bob's
 * deal; the card's CSV matches the list's; two people adding a card at once both keep theirs.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Download, type Page } from '@playwright/test';
import { createWorkspace, invite, joinAs, waitSynced } from './helpers';

const logDialog = (page: Page) => page.getByRole('dialog', { name: 'Log an interaction' });
const card = (page: Page, title: string) =>
	page.getByRole('listitem', { name: title, exact: true });
const cards = (page: Page) => page.getByRole('list', { name: /^Cards of / }).getByRole('listitem');
/** This month as the app's tables name it (the browser's locale and zone are the test's). */
const thisMonth = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric' }).format(
	new Date()
);

async function text(download: Download): Promise<string> {
	return (await readFile((await download.path())!, 'utf8')).replace(/^\ufeff/, '');
}

async function logCall(page: Page, subject: string) {
	await page.getByRole('button', { name: 'Log interaction' }).click();
	await logDialog(page).getByLabel('Type').selectOption('call');
	await logDialog(page).getByLabel('Subject').fill(subject);
	await logDialog(page).getByRole('button', { name: 'Log call' }).click();
	await expect(logDialog(page)).toBeHidden();
	await expect(page.getByRole('row', { name: new RegExp(subject) })).toBeVisible();
}

test("a manager's dashboard follows a teammate's won deal and calls, and opens what is behind a bar", async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Dash co');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const a = alice.page;
	const b = bob.page;

	// Alice: the overview is made on her first visit; she adds the manager's dashboard.
	await a.getByRole('link', { name: 'Dashboards' }).click();
	await expect(a.getByRole('link', { name: 'Overview' })).toBeVisible();
	await a.getByRole('button', { name: "Add the manager's dashboard" }).click();
	await expect(a).toHaveURL(/\/dashboards\/dashboard-manager$/);
	await expect(a.getByRole('heading', { level: 1, name: "Manager's dashboard" })).toBeVisible();
	await expect(cards(a)).toHaveCount(8);
	const wonLost = card(a, 'Won and lost per month');
	const monthRow = wonLost
		.getByRole('table', { name: 'Won and lost per month: the figures' })
		.getByRole('row', { name: new RegExp(thisMonth) });
	await expect(monthRow.getByRole('cell')).toHaveText(['0', '€0', '0', '€0']);
	// Nothing won or lost yet: the card says so rather than drawing empty axes.
	const nothingDrawn = wonLost.getByText('Nothing to chart for these filters.');
	await expect(nothingDrawn).toBeVisible();
	await expect(wonLost.locator('canvas')).toHaveCount(0);
	const activities = card(a, 'Activities per member').getByRole('table');
	await expect(activities.getByRole('row', { name: /Bob/ })).toHaveCount(0);

	// Bob wins a deal of €5,000 and logs two calls.
	await b.goto('/deals');
	await b.getByRole('button', { name: 'New deal' }).click();
	await b.getByLabel('Deal name').fill('Globex expansion');
	await b.getByRole('button', { name: 'Create', exact: true }).click();
	await expect(b).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);
	await b.getByLabel('Amount').fill('5000');
	await b.getByLabel('Amount').blur();
	await b.getByLabel('Stage').selectOption('won');
	await expect(b.getByLabel('Stage')).toHaveValue('won');
	await b.goto('/interactions');
	await logCall(b, 'Call Globex about rollout');
	await logCall(b, 'Call Initech about renewal');
	await waitSynced(b);

	// Alice's cards move: one won for €5,000 this month, Bob with two calls this week.
	await expect(monthRow.getByRole('cell')).toHaveText(['1', '€5,000', '0', '€0']);
	await expect(nothingDrawn).toBeHidden();
	await expect(wonLost.locator('canvas')).toHaveCount(1);
	await expect(card(a, 'Won this period')).toContainText('€5,000');
	const bobRow = activities.getByRole('row', { name: /Bob/ });
	await expect(bobRow).toHaveCount(1);
	await expect(bobRow.getByRole('cell')).toHaveText([/Week of/, '2', '0', '0', '2']);

	// The card's CSV holds the same figures as its table.
	const cardCsv = a.waitForEvent('download');
	await wonLost.getByRole('button', { name: 'Download Won and lost per month as CSV' }).click();
	const csv = await text(await cardCsv);
	expect(csv.split('\r\n')[0]).toBe('Month,Won,Won amount,Lost,Lost amount');
	expect(csv).toContain(`${thisMonth},1,5000,0,0`);

	// Shown as a table, this month's "Won" figure is a link: it opens exactly Bob's deal.
	await wonLost.getByRole('button', { name: 'Show as table' }).click();
	await wonLost
		.getByRole('table')
		.getByRole('row', { name: new RegExp(thisMonth) })
		.getByRole('link', { name: '1', exact: true })
		.click();
	await expect(a).toHaveURL(/\/reports\/won-lost\?/);
	const list = a.getByRole('region', { name: /: the deals$/ });
	await expect(list.getByRole('row')).toHaveCount(2); // the header and Bob's deal
	await expect(list.getByRole('row', { name: /Globex expansion/ })).toContainText('Won');
	await expect(a.getByRole('status').filter({ hasText: '1 deal' })).toBeVisible();

	// The list's CSV is that deal, for the amount the card counted.
	const listCsv = a.waitForEvent('download');
	await a.getByRole('button', { name: 'Download the list as CSV' }).click();
	const rows = (await text(await listCsv)).trim().split('\r\n');
	expect(rows).toHaveLength(2);
	expect(rows[0]).toBe('Name,Stage,Amount,Currency,Expected close,Owner');
	expect(rows[1]).toMatch(/^Globex expansion,Won,5000,EUR,/);

	// The deal's name opens its page.
	await list.getByRole('link', { name: 'Globex expansion' }).click();
	await expect(a).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);

	// Both open the manager's dashboard and add a card at the same moment: both are kept.
	await a.goto('/dashboards/dashboard-manager');
	await b.goto('/dashboards/dashboard-manager');
	await expect(cards(a)).toHaveCount(8);
	await expect(cards(b)).toHaveCount(8);
	await a
		.getByRole('combobox', { name: 'Report', exact: true })
		.selectOption({ label: 'Customer satisfaction' });
	await b
		.getByRole('combobox', { name: 'Report', exact: true })
		.selectOption({ label: 'Response and resolution times' });
	await Promise.all([
		a.getByRole('button', { name: 'Add the card' }).click(),
		b.getByRole('button', { name: 'Add the card' }).click()
	]);
	for (const page of [a, b]) {
		await expect(cards(page)).toHaveCount(10);
		await expect(card(page, 'Customer satisfaction')).toBeVisible();
		await expect(card(page, 'Response and resolution times')).toBeVisible();
	}

	// Alice moves the satisfaction card first with its button; Bob sees it first too.
	const moveEarlier = card(a, 'Customer satisfaction').getByRole('button', {
		name: 'Move Customer satisfaction earlier'
	});
	// (The two cards added at once share a position; their order is by id.)
	for (let i = 0; i < 10 && (await moveEarlier.isEnabled()); i++) await moveEarlier.click();
	await expect(cards(a).first()).toHaveAccessibleName('Customer satisfaction');
	await expect(cards(b).first()).toHaveAccessibleName('Customer satisfaction');
	await expect(moveEarlier).toBeDisabled();

	await alice.context.close();
	await bob.context.close();
});
