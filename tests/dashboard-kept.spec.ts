/**
 * Dashboard cards kept on the device (issue #17, a dashboard opened while the workspace opens
 * or the reports worker still reads every month of orders): a card's last figures show at once,
 * saying when they are from, until the live figure replaces them; after an edit they say the
 * data changed since. The reports worker's script is held back on the way (the New customers
 * card is its): its card stays on the kept figures for as long as the test needs to look.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { createPerson, createWorkspace, invite, joinAs, waitSynced } from './helpers';

const card = (page: Page, title: string) =>
	page.getByRole('listitem', { name: title, exact: true });
const cards = (page: Page) => page.getByRole('list', { name: /^Cards of / }).getByRole('listitem');

/** The report ids of the card results kept on this device. */
function keptReports(page: Page): Promise<string[]> {
	return page.evaluate(
		() =>
			new Promise<string[]>((resolve, reject) => {
				const open = indexedDB.open('crm-card-results');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					if (!db.objectStoreNames.contains('results')) return resolve([]);
					const keys = db.transaction('results').objectStore('results').getAllKeys();
					keys.onsuccess = () =>
						resolve(keys.result.map((k) => JSON.parse((k as string[])[1])[0] as string));
					keys.onerror = () => reject(keys.error);
				};
			})
	);
}

/** Holds the reports worker's script until the returned function is called. */
async function holdReportsWorker(context: BrowserContext): Promise<() => Promise<void>> {
	let release = () => {};
	const held = new Promise<void>((r) => (release = r));
	const pattern = /reports\.worker/;
	await context.route(pattern, async (route) => {
		await held;
		// Unrouting below may have let it through already.
		await route.continue().catch(() => {});
	});
	return async () => {
		release();
		await context.unroute(pattern);
	};
}

test('a kept card shows at once, marked, until its live figure replaces it; after an edit it says the data changed', async ({
	browser,
	baseURL
}) => {
	test.slow(); // three full loads of the app and two reads by the reports worker
	const ws = await createWorkspace(baseURL!, 'Kept co');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice', {
		serviceWorkers: 'block'
	});
	const a = alice.page;
	await a.getByRole('link', { name: 'Dashboards' }).click();
	await a.getByRole('button', { name: "Add the manager's dashboard" }).click();
	await expect(cards(a)).toHaveCount(8);
	const customers = card(a, 'New customers');
	const live = customers.locator('article.card:not([data-as-of])');
	const kept = customers.locator('article.card[data-as-of]');
	await expect(live.locator('.number')).toBeVisible();
	const figure = (await live.locator('.number').textContent())!.trim();
	await expect.poll(() => keptReports(a), { timeout: 15_000 }).toContain('new-customers');

	// Opened again with the worker held: the kept figure, as of when it was computed.
	let release = await holdReportsWorker(alice.context);
	await a.reload();
	await expect(kept).toBeVisible();
	await expect(kept.locator('.number')).toHaveText(figure);
	await expect(kept.getByRole('status')).toHaveText(/^As of \S.* — updating$/);
	await expect(kept).not.toHaveClass(/outdated/);
	// The cards computed on the page are live once the workspace has opened.
	await expect(
		card(a, 'Pipeline by stage').locator('article.card:not([data-as-of])')
	).toBeVisible();
	await release();
	await expect(live.locator('.number')).toHaveText(figure);
	await expect(customers.locator('[data-as-of]')).toHaveCount(0);

	// An edit while the dashboard is not open: its kept figures no longer pass for current.
	await createPerson(a, 'Nora', 'Newcomb');
	await waitSynced(a);
	release = await holdReportsWorker(alice.context);
	await a.goto('/dashboards/dashboard-manager');
	await expect(kept.getByRole('status')).toHaveText(/^Changed since \S.* — updating$/);
	await expect(kept).toHaveClass(/outdated/);
	await release();
	await expect(live.locator('.number')).toBeVisible();
	await expect(customers.locator('[data-as-of]')).toHaveCount(0);
});

test('opened again, every card is drawn first from its kept figures, then goes live', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Kept first co');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Alice', {
		serviceWorkers: 'block'
	});
	const a = alice.page;
	await createPerson(a, 'Ada', 'Lovelace');
	await a.getByRole('link', { name: 'Dashboards' }).click();
	await a.getByRole('button', { name: "Add the manager's dashboard" }).click();
	await expect(cards(a)).toHaveCount(8);
	// The manager's 8 cards show 7 reports: each one's figures kept once computed.
	await expect.poll(async () => new Set(await keptReports(a)).size, { timeout: 20_000 }).toBe(7);

	// How each card's first drawing came: kept ("as of") or live.
	await a.addInitScript(() => {
		const firsts: Record<string, boolean> = {};
		(window as unknown as { firstDrawn: typeof firsts }).firstDrawn = firsts;
		new MutationObserver(() => {
			for (const article of document.querySelectorAll('ul.cards > li > article.card')) {
				const title = article.closest('li')!.getAttribute('aria-label')!;
				if (!(title in firsts)) firsts[title] = article.hasAttribute('data-as-of');
			}
		}).observe(document, { childList: true, subtree: true });
	});
	await a.goto('/dashboards/dashboard-manager');
	await expect(cards(a).locator('article.card:not([data-as-of])')).toHaveCount(8);
	const firsts = await a.evaluate(
		() => (window as unknown as { firstDrawn: Record<string, boolean> }).firstDrawn
	);
	expect(Object.keys(firsts)).toHaveLength(8);
	expect(Object.entries(firsts).filter(([, kept]) => !kept)).toEqual([]);
});
