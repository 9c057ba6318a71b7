/**
 * Accessibility: axe (WCAG 2.1 A and AA rules) finds no serious or critical violation on any
 * page or dialog of a workspace holding one record of each kind, made through the real relay
 * with clicks. Every finding of a run is listed at once, page by page.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createWorkspace, invite, joinAs, waitSynced } from './helpers';
import { shopFile } from './shop-files';

const found: string[] = [];

/** Runs axe on the page as it is (a dialog open or not); records what is serious or worse. */
async function check(page: Page, what: string) {
	const result = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	expect(result.passes.length, `axe checked nothing on ${what}`).toBeGreaterThan(0);
	for (const v of result.violations) {
		if (v.impact !== 'serious' && v.impact !== 'critical') continue;
		const where = v.nodes
			.slice(0, 3)
			.map((n) => n.target.join(' '))
			.join(' | ');
		found.push(`${what}: ${v.id} (${v.impact}) — ${v.help} — ${where}`);
	}
}

async function visit(page: Page, path: string, ready: (page: Page) => Promise<void>) {
	await page.goto(path);
	await ready(page);
	await check(page, path);
}

const heading = (name: string | RegExp) => async (page: Page) => {
	await expect(page.getByRole('heading', { level: 1, name }).first()).toBeVisible();
};

async function create(page: Page, list: string, button: string, fill: Record<string, string>) {
	await page.goto(list);
	await page.getByRole('button', { name: button }).click();
	for (const [label, value] of Object.entries(fill)) await page.getByLabel(label).fill(value);
	await page.getByRole('button', { name: 'Create', exact: true }).click();
	await expect(page).toHaveURL(/\/[a-z]+\/[0-9a-f-~]{20,}$/);
	return new URL(page.url()).pathname;
}

test('no serious or critical axe violation on any page or dialog', async ({ browser, baseURL }) => {
	// A guard against a hang, not a speed budget: ~40 pages and dialogs each analysed by axe take
	// ~2 min alone and 3.7–4.0 min beside another worker on a loaded 2-core machine (it ran out
	// of a 4 min limit in CI on 2026-12-07, passing alone in 1.9 min on the same build).
	test.setTimeout(480_000);
	const ws = await createWorkspace(baseURL!, 'Axe co');
	const { page: a, context } = await joinAs(browser, await invite(baseURL!, ws, 'owner'), 'Ada');

	const person = await create(a, '/people', 'New person', {
		'First name': 'Grace',
		'Last name': 'Hopper'
	});
	const org = await create(a, '/organizations', 'New organization', { Name: 'Acme' });
	const deal = await create(a, '/deals', 'New deal', { 'Deal name': 'Acme renewal' });
	const task = await create(a, '/tasks?view=all', 'New task', { Title: 'Call Grace' });
	const product = await create(a, '/products', 'New product', { 'Product name': 'Widget' });
	await a.goto('/requests');
	await a.getByRole('button', { name: 'New request' }).click();
	const form = a.getByRole('dialog', { name: 'New service request' });
	await check(a, 'New service request dialog');
	await form.getByLabel('Subject').fill('Printer on fire');
	await form.getByLabel('Requester').fill('Grace');
	await form.getByRole('option', { name: /Grace Hopper/ }).click();
	await form.getByRole('button', { name: 'Create request' }).click();
	await expect(a).toHaveURL(/\/requests\/[^/]+$/);
	const request = new URL(a.url()).pathname;
	// An interaction, logged with L on Grace's page
	await a.goto(person);
	await expect(a.getByLabel('First name')).toHaveValue('Grace');
	await a.keyboard.press('l');
	const log = a.getByRole('dialog', { name: 'Log an interaction' });
	await expect(log).toBeVisible();
	await check(a, 'Log an interaction dialog');
	await log.getByLabel('Subject').fill('Intro call');
	await log.getByRole('button', { name: /^Log/ }).click();
	await expect(log).toBeHidden();
	await waitSynced(a);

	const pages: [string, (p: Page) => Promise<void>][] = [
		['/people', heading('People')],
		['/people?view=segments', heading('Segments')],
		['/people?view=value', heading('Value clusters')],
		[person, heading('Grace Hopper')],
		['/organizations', heading('Organizations')],
		[org, heading('Acme')],
		['/deals', heading('Deals')],
		['/deals?view=board', heading('Deals board')],
		['/deals?view=forecast', heading('Forecast')],
		['/deals?view=metrics', heading(/metrics/i)],
		['/deals?view=goals', heading('Goals')],
		['/goals', heading(/Goals/)],
		[deal, heading('Acme renewal')],
		['/tasks', heading(/tasks|Tasks/)],
		['/tasks?view=team', heading('Tasks')],
		['/tasks?view=all', heading('Tasks')],
		[task, heading('Call Grace')],
		['/requests', heading(/requests/i)],
		[request, heading('Printer on fire')],
		['/products', heading('Products')],
		[product, heading('Widget')],
		['/orders', heading('Orders')],
		['/interactions', heading(/Timeline/)],
		['/settings', heading('Settings')],
		['/import-export', heading(/Import/)],
		['/duplicates', heading(/Duplicates/)],
		['/deleted/people', heading(/deleted/i)],
		['/campaigns', heading(/Campaigns/)],
		['/campaigns?view=results', heading('Campaign results')],
		// The overview dashboard is made on a workspace's first visit and shown here.
		['/dashboards', heading('Dashboards')],
		['/reports', heading('Reports')],
		['/reports/activities-per-member', heading('Activities per member')]
	];
	for (const [path, ready] of pages) await visit(a, path, ready);

	// Dialogs and menus
	await a.goto('/people');
	await heading('People')(a);
	await a.getByRole('button', { name: 'New person' }).click();
	await expect(a.getByRole('dialog', { name: 'New person' })).toBeVisible();
	await check(a, 'New person dialog');
	await a.keyboard.press('Escape');
	await a.getByRole('button', { name: 'Columns' }).click();
	await expect(a.getByRole('checkbox', { name: 'Organization' })).toBeVisible();
	await check(a, 'Columns menu');
	await a.keyboard.press('Escape');
	await a.getByRole('checkbox', { name: 'Select Grace Hopper' }).check();
	await check(a, 'Bulk edit bar');
	await a.getByRole('checkbox', { name: 'Select Grace Hopper' }).uncheck();
	await a.keyboard.press('Control+k');
	const palette = a.getByRole('dialog', { name: 'Go to a record or run an action' });
	await palette.getByRole('combobox').fill('grace');
	await expect(palette.getByRole('option', { name: /Grace Hopper/ })).toBeVisible();
	await check(a, 'Command palette');
	await a.keyboard.press('Escape');
	await a.keyboard.press('?');
	await expect(a.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
	await check(a, 'Keyboard shortcuts dialog');
	await a.keyboard.press('Escape');
	await a.goto('/orders');
	await heading('Orders')(a);
	await a.getByRole('button', { name: 'New order' }).click();
	await expect(a.getByRole('dialog', { name: 'New order' })).toBeVisible();
	await check(a, 'New order dialog');
	await a.keyboard.press('Escape');

	// A loaded import preview: its mapping, rows and a row's problem
	await a.goto('/import-export');
	await a.getByLabel('CSV or vCard file').setInputFiles({
		name: 'people.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(
			'First Name,Last Name,E-mail Address,Birthday\nGrace,Hopper,,1906-12-09\n' +
				'Ada,Lovelace,ada@example.com,not a date\nAlan,Turing,alan@example.com,1912-06-23\n'
		)
	});
	await expect(
		a.getByRole('table', { name: 'The first 3 rows as they will be stored' }).getByRole('row')
	).toHaveCount(4);
	await check(a, 'Import preview (people, loaded)');
	// A shop's order export, previewed, then imported: an order's page
	await a.goto('/import-export');
	await a.getByLabel('CSV or vCard file').setInputFiles(shopFile('shopify-orders.csv'));
	await expect(a.getByRole('table', { name: /first 4 orders/ })).toBeVisible();
	await check(a, 'Import preview (orders, loaded)');
	await a.getByRole('button', { name: 'Import 4 orders' }).click();
	await expect(a.getByText(/Import finished: 4 orders created/)).toBeVisible();
	await a.goto('/orders');
	await a.getByRole('link', { name: 'Order #1001' }).click();
	await expect(a).toHaveURL(/\/orders\/[^/]+$/);
	await heading(/#1001/)(a);
	await check(a, 'An order’s page (imported, with lines)');

	expect(found, found.join('\n')).toEqual([]);
	await context.close();
});
