/**
 * On a phone (360 px wide): every page fits the screen — no page scrolls sideways (a wide table
 * scrolls inside its own box) — and a customer's page leads with call, write and directions.
 */
import { expect, test, type Page } from '@playwright/test';
import { createPerson, createWorkspace, invite, joinAs } from './helpers';

const PHONE = { width: 360, height: 740 };

const PAGES = [
	'/people',
	'/organizations',
	'/deals',
	'/deals?view=board',
	'/deals?view=forecast',
	'/deals?view=metrics',
	'/goals',
	'/tasks',
	'/requests',
	'/products',
	'/orders',
	'/interactions',
	'/duplicates',
	'/deleted/people',
	'/import-export',
	'/settings'
];

/** How far the page reaches past the screen's right edge (0 when it fits). */
const overflow = (page: Page) =>
	page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('every page fits a 360 px phone, and a person’s page leads with call, write and directions', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'A workspace with a long name that must wrap');
	const { context, page } = await joinAs(browser, await invite(baseURL!, ws, 'owner'), 'Alice');
	await page.setViewportSize(PHONE);

	const path = await createPerson(page, 'Małgorzata', 'Wiśniewska-Kowalczyk');
	await page.getByRole('button', { name: 'Add phone' }).click();
	await page.getByLabel('Phone 1', { exact: true }).fill('+48 22 555 01 01');
	await page.getByLabel('Phone 1', { exact: true }).blur();
	await page.getByRole('button', { name: 'Add email' }).click();
	await page.getByLabel('Email 1', { exact: true }).fill('malgorzata.wisniewska@example.com');
	await page.getByLabel('Email 1', { exact: true }).blur();

	const contact = page.getByRole('navigation', { name: 'Contact' });
	const call = contact.getByRole('link', { name: 'Call now: +48 22 555 01 01' });
	await expect(call).toHaveAttribute('href', 'tel:+48225550101');
	await expect(contact.getByRole('link', { name: /^Write an email: malgorzata/ })).toHaveAttribute(
		'href',
		'mailto:malgorzata.wisniewska@example.com'
	);
	// it leads: above the form's first field, within the first screen
	const callBox = (await call.boundingBox())!;
	const firstField = (await page.getByLabel('First name').boundingBox())!;
	expect(callBox.y).toBeLessThan(firstField.y);
	expect(callBox.y + callBox.height).toBeLessThan(PHONE.height);
	expect(callBox.height).toBeGreaterThanOrEqual(44); // a thumb's target
	expect(await overflow(page)).toBe(0);

	// The workspace's long name in the top bar: cut with an ellipsis, its full text kept (the
	// link's name and its title), and clear of the sync status beside it
	const name = 'A workspace with a long name that must wrap';
	const nameLink = page.getByRole('banner').getByRole('link', { name, exact: true });
	await expect(nameLink).toHaveAttribute('title', name);
	const cut = await nameLink.evaluate((el) => ({
		cut: el.scrollWidth > el.clientWidth,
		ellipsis: getComputedStyle(el).textOverflow === 'ellipsis'
	}));
	expect(cut).toEqual({ cut: true, ellipsis: true });
	const nameBox = (await nameLink.boundingBox())!;
	const statusBox = (await page.getByRole('status', { name: 'Sync status' }).boundingBox())!;
	const apart =
		nameBox.x + nameBox.width <= statusBox.x ||
		nameBox.y + nameBox.height <= statusBox.y ||
		statusBox.y + statusBox.height <= nameBox.y;
	expect(apart).toBe(true);
	expect(nameBox.x + nameBox.width).toBeLessThanOrEqual(PHONE.width);

	const tooWide: string[] = [];
	for (const url of PAGES) {
		await page.goto(url);
		await expect(page.getByRole('main')).toBeVisible();
		await page.waitForLoadState('networkidle');
		const px = await overflow(page);
		if (px > 0) tooWide.push(`${url}: ${px} px too wide`);
	}
	await page.goto(path);
	await expect(contact).toBeVisible();
	expect(tooWide).toEqual([]);
	await context.close();
});

async function create(page: Page, list: string, button: string, fill: Record<string, string>) {
	await page.goto(list);
	await page.getByRole('button', { name: button }).click();
	for (const [label, value] of Object.entries(fill)) await page.getByLabel(label).fill(value);
	await page.getByRole('button', { name: 'Create', exact: true }).click();
	await expect(page).toHaveURL(/\/[a-z]+\/[0-9a-f-~]{20,}$/);
}

test('on a phone the people, organization and deal lists are cards, and keys still work', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Cards co');
	const { context, page } = await joinAs(browser, await invite(baseURL!, ws, 'owner'), 'Alice');
	await page.setViewportSize(PHONE);
	await create(page, '/organizations', 'New organization', { Name: 'Kwiaty sp. z o.o.' });
	await create(page, '/people', 'New person', { 'First name': 'Zofia', 'Last name': 'Nowak' });
	await create(page, '/deals', 'New deal', { 'Deal name': 'Kwiaty renewal' });

	const lists = [
		{ path: '/people', table: 'People', name: 'Zofia Nowak', label: 'Kind' },
		{ path: '/organizations', table: 'Organizations', name: 'Kwiaty sp. z o.o.', label: 'Kind' },
		{ path: '/deals', table: 'Deals', name: 'Kwiaty renewal', label: 'Stage' }
	];
	for (const list of lists) {
		await page.goto(list.path);
		const table = page.getByRole('table', { name: list.table });
		const card = table
			.getByRole('row')
			.filter({ has: page.getByRole('link', { name: list.name }) });
		await expect(card).toBeVisible();
		// The card: its name and up to three fields, each with its label; no wide table's headers
		const fields = card.getByRole('term');
		await expect(fields.first()).toBeVisible();
		expect(await fields.count()).toBeLessThanOrEqual(3);
		await expect(card.getByRole('term').filter({ hasText: list.label })).toBeVisible();
		await expect(card.getByRole('definition').first()).not.toBeEmpty();
		await expect(table.getByRole('columnheader')).toHaveCount(2); // select all, name
		const box = (await card.boundingBox())!;
		// As wide as the screen allows (a floating view switcher once squeezed the people list)
		expect(box.width).toBeLessThanOrEqual(PHONE.width);
		expect(box.width).toBeGreaterThan(PHONE.width * 0.8);
		expect(box.height).toBeGreaterThan(56); // taller than the one-line row
		expect(await overflow(page)).toBe(0);
		// j focuses the card's link, Enter opens it
		await page.locator('body').click({ position: { x: 5, y: 5 } });
		await page.keyboard.press('j');
		await expect(card.getByRole('link', { name: list.name })).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(/\/[a-z]+\/[0-9a-f-~]{20,}$/);
	}
	await context.close();
});
