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
