/**
 * The top bar fits a laptop's screen: at 1280 and 1024 px wide no two of its controls overlap
 * and none leaves the screen (with Campaigns and Dashboards in the navigation, "Work offline"
 * once ran into the undo button), the sync status is not cut short, even its longest words
 * (changes waiting offline); the links moved under "More" are reached with the keyboard.
 */
import { expect, test, type Page } from '@playwright/test';
import { createWorkspace, invite, joinAs, waitOfflineReady } from './helpers';

interface Box {
	name: string;
	x: number;
	y: number;
	width: number;
	height: number;
}

/** Every visible control of the top bar (links, buttons, the select, the sync status). */
async function controls(page: Page): Promise<Box[]> {
	return page.locator('header.topbar').evaluate((bar) => {
		const out: Box[] = [];
		for (const el of bar.querySelectorAll<HTMLElement>('a, button, select, [role="status"]')) {
			const r = el.getBoundingClientRect();
			if (r.width === 0 || r.height === 0) continue; // not shown at this width
			if (el.closest('#more-links')) continue; // the closed menu's links are not shown
			const name = el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName;
			out.push({ name, x: r.x, y: r.y, width: r.width, height: r.height });
		}
		return out;
	});
}

function overlaps(a: Box, b: Box): boolean {
	return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

test('the top bar fits at 1280 and 1024 px, its hidden links under More', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Northwind Trading Company');
	const { page, context } = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice');
	for (const width of [1280, 1024]) {
		await page.setViewportSize({ width, height: 800 });
		const boxes = await controls(page);
		expect(boxes.map((b) => b.name)).toEqual(expect.arrayContaining(['Work offline', 'Undo']));
		const clashes: string[] = [];
		for (let i = 0; i < boxes.length; i++) {
			const a = boxes[i];
			if (a.x < 0 || a.x + a.width > width) clashes.push(`${a.name} leaves the screen`);
			for (const b of boxes.slice(i + 1)) if (overlaps(a, b)) clashes.push(`${a.name} × ${b.name}`);
		}
		expect(clashes, `at ${width} px`).toEqual([]);
		// The sync status keeps its words (at 1280 px it was once cut to "S…").
		const status = page.getByRole('status', { name: 'Sync status' });
		await expect(status).toHaveText(/\w{4,}/);
		const cut = await status.evaluate((el) => {
			const text = el.querySelector<HTMLElement>('.text')!;
			return text.scrollWidth > text.clientWidth;
		});
		expect(cut, `the sync status is cut at ${width} px`).toBe(false);
	}
	// At 1024 px Campaigns is under More: reached and opened with the keyboard alone.
	const nav = page.getByRole('navigation', { name: 'Main' });
	await expect(nav.getByRole('link', { name: 'Campaigns' })).toBeHidden();
	await nav.getByRole('button', { name: 'More' }).focus();
	await page.keyboard.press('Enter');
	await expect(nav.getByRole('button', { name: 'More' })).toHaveAttribute('aria-expanded', 'true');
	await page.keyboard.press('Tab');
	await expect(nav.getByRole('link', { name: 'Products' })).toBeFocused();
	await page.keyboard.press('Tab');
	await expect(nav.getByRole('link', { name: 'Campaigns' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/campaigns$/);
	await expect(nav.getByRole('link', { name: 'Campaigns' })).toBeHidden(); // the menu closed
	// Back at 1280 px it is in the bar again, and the hidden copy is not.
	await page.setViewportSize({ width: 1280, height: 800 });
	await expect(nav.getByRole('link', { name: 'Campaigns' })).toHaveCount(1);
	await expect(nav.getByRole('link', { name: 'Campaigns' })).toHaveAttribute(
		'aria-current',
		'page'
	);

	// The longest status, changes waiting while offline, keeps its words at 1280 px too
	// ("Connecting…" was cut to "Connectin…" there).
	await page.setViewportSize({ width: 1280, height: 800 });
	await waitOfflineReady(page); // the app's files cached: the page below loads offline
	await context.setOffline(true);
	await page.goto('/people');
	await page.getByRole('button', { name: 'New person' }).click();
	await page.getByLabel('First name').fill('Ada');
	await page.getByRole('button', { name: 'Create', exact: true }).click();
	await expect(page.getByLabel('First name')).toHaveValue('Ada');
	const status = page.getByRole('status', { name: 'Sync status' });
	await expect(status).toHaveText(/not yet confirmed/);
	const cut = await status.evaluate((el) => {
		const text = el.querySelector<HTMLElement>('.text')!;
		return text.scrollWidth > text.clientWidth;
	});
	expect(cut, 'the status of changes waiting is cut at 1280 px').toBe(false);
	await context.close();
});
