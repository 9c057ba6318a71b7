/**
 * Using dashboards through the real relay (issue #17), what dashboards.spec does not cover:
 * teams set in Settings on the owner's device narrowing a teammate's dashboard; a card moved
 * with the keyboard alone (the drag library's Space / arrows, and the Move buttons); a card's
 * PNG (real PNG bytes); the print layout and a PDF of it; a phone's 360 px; axe on a loaded
 * dashboard and on the teams in Settings; the comparison with the previous period in words; and a dashboard offline — computed from the device's data, a card moved there
 * reaching the colleague after the reconnect.
 */
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createWorkspace, invite, joinAs, waitOfflineReady, waitSynced } from './helpers';

const cards = (page: Page) => page.getByRole('list', { name: /^Cards of / }).getByRole('listitem');
const card = (page: Page, title: string) =>
	page.getByRole('listitem', { name: title, exact: true });
const wonNumber = (page: Page) =>
	card(page, 'Won this period').getByRole('link', { name: /^Won: / });

/** A deal won for `amount` in the workspace currency, owned by whoever makes it. */
async function winDeal(page: Page, name: string, amount: string, closed?: string) {
	await page.goto('/deals');
	await page.getByRole('button', { name: 'New deal' }).click();
	await page.getByLabel('Deal name').fill(name);
	await page.getByRole('button', { name: 'Create', exact: true }).click();
	await expect(page).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);
	await page.getByLabel('Amount').fill(amount);
	await page.getByLabel('Amount').blur();
	if (closed) {
		await page.getByLabel('Expected close').fill(closed);
		await page.getByLabel('Expected close').blur();
	}
	await page.getByLabel('Stage').selectOption('won');
	await expect(page.getByLabel('Stage')).toHaveValue('won');
}

/** What axe (WCAG 2.1 A and AA) finds serious or critical on the page as it is. */
async function seriousAxe(page: Page): Promise<string[]> {
	const axe = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	return axe.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

/** The accessible names of the dashboard's cards, in order. */
async function order(page: Page): Promise<string[]> {
	return cards(page).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
}

test("an owner's teams narrow a colleague's dashboard, live", async ({ browser, baseURL }) => {
	const ws = await createWorkspace(baseURL!, 'Teams co');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'owner'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const a = alice.page;
	const b = bob.page;

	await winDeal(a, 'Alice deal', '700');
	await winDeal(b, 'Bob deal', '5000');
	await waitSynced(a);
	await waitSynced(b);

	// Bob's overview counts everyone: €5,700.
	await b.getByRole('link', { name: 'Dashboards' }).click();
	await expect(wonNumber(b)).toHaveText('€5,700');

	// Alice, the owner, makes a team North and puts Bob in it.
	await a.goto('/settings');
	const teams = a.getByRole('region', { name: 'Teams' });
	await teams.getByLabel('New team').fill('  ');
	await teams.getByRole('button', { name: 'Add the team' }).click();
	await expect(teams.getByRole('alert')).toHaveText('Name the team.');
	await teams.getByLabel('New team').fill('North');
	await teams.getByRole('button', { name: 'Add the team' }).click();
	await expect(teams.getByRole('list', { name: 'Teams' })).toContainText('North');
	await teams.getByLabel('New team').fill('north');
	await teams.getByRole('button', { name: 'Add the team' }).click();
	await expect(teams.getByRole('alert')).toHaveText('There is a team named “North” already.');
	await expect(teams.getByRole('list', { name: 'Teams' }).getByRole('listitem')).toHaveCount(1);
	await teams.getByLabel('Team of Bob').selectOption({ label: 'North' });
	await expect(teams.getByLabel('Team of Bob')).toHaveValue(/.+/);
	expect(await seriousAxe(a)).toEqual([]);

	// Bob (an editor) sees the team but cannot change it; his dashboard filtered by North
	// counts his deal only.
	await b.goto('/settings');
	const bobTeams = b.getByRole('region', { name: 'Teams' });
	await expect(bobTeams.getByRole('row', { name: /Bob/ })).toContainText('North');
	await expect(bobTeams.getByRole('combobox')).toHaveCount(0);
	await expect(bobTeams.getByRole('button', { name: 'Add the team' })).toHaveCount(0);
	await b.getByRole('link', { name: 'Dashboards' }).click();
	await b
		.getByRole('group', { name: 'Filters' })
		.getByLabel('Team')
		.selectOption({ label: 'North' });
	await expect(wonNumber(b)).toHaveText('€5,000');
	await wonNumber(b).click();
	const list = b.getByRole('region', { name: /: the deals$/ });
	await expect(list.getByRole('row')).toHaveCount(2); // the header and Bob's deal
	await expect(list.getByRole('row', { name: /Bob deal/ })).toBeVisible();
	await b.goBack();

	// Alice joins North on her device: Bob's filtered figure follows at once.
	await teams.getByLabel('Team of Alice').selectOption({ label: 'North' });
	await expect(wonNumber(b)).toHaveText('€5,700');
	// And Bob leaves it: only Alice's deal is North's.
	await teams.getByLabel('Team of Bob').selectOption({ label: 'No team' });
	await expect(wonNumber(b)).toHaveText('€700');

	await alice.context.close();
	await bob.context.close();
});

test('a dashboard moved with the keyboard, exported as PNG, printed, on a phone and offline', async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Dashboard use co');
	const alice = await joinAs(browser, await invite(baseURL!, ws, 'owner'), 'Alice');
	const bob = await joinAs(browser, await invite(baseURL!, ws, 'editor'), 'Bob');
	const a = alice.page;
	const b = bob.page;
	await winDeal(a, 'Initech renewal', '1200');
	// A deal won in the middle of the quarter before this one (the test's zone is the browser's).
	const now = new Date();
	const before = new Date(now.getFullYear(), now.getMonth() - (now.getMonth() % 3) - 2, 15);
	const day = (d: Date) =>
		`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
	await winDeal(a, 'Umbrella pilot', '600', day(before));

	// The overview a new workspace gets holds a customer report too.
	await a.getByRole('link', { name: 'Dashboards' }).click();
	await expect(card(a, 'Revenue by category')).toBeVisible();

	await a.getByRole('button', { name: "Add the manager's dashboard" }).click();
	await expect(a).toHaveURL(/\/dashboards\/dashboard-manager$/);
	await expect(cards(a)).toHaveCount(8);
	await expect(wonNumber(a)).toHaveText('€1,200');
	await b.goto('/dashboards/dashboard-manager');
	await expect(cards(b)).toHaveCount(8);
	// Compared with the previous quarter: €1,200 against €600, said on the number and the chart.
	await a.getByRole('checkbox', { name: 'Compare with the previous period' }).check();
	await expect(card(a, 'Won this period')).toContainText('Won · +100% vs previous period (€600)');
	await expect(card(a, 'Won and lost per month')).toContainText(
		'Won: €1,200 · +100% vs previous period (€600)'
	);
	await expect(card(b, 'Won this period')).toContainText('+100% vs previous period (€600)');
	// The chart's previous-period bars in words: the middle month held last quarter's deal.
	const middle = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric' }).format(
		new Date(now.getFullYear(), now.getMonth() - (now.getMonth() % 3) + 1, 15)
	);
	await expect(
		card(a, 'Won and lost per month')
			.getByRole('table', { name: 'Won and lost per month: against the previous period' })
			.getByRole('row', { name: `Won ${middle} 0 1`, exact: true })
	).toHaveCount(1);
	await a.getByRole('checkbox', { name: 'Compare with the previous period' }).uncheck();
	await expect(card(a, 'Won this period')).not.toContainText('vs previous period');
	const start = await order(a);
	expect(start.slice(0, 3)).toEqual(['Won this period', 'New customers', 'Pipeline by stage']);

	// The drag library's keyboard: focus the card, Space picks it up, → carries it one place
	// on, Space drops it. Bob sees the move.
	await card(a, 'Won this period').focus();
	await a.keyboard.press('Space');
	await a.keyboard.press('ArrowRight');
	await a.keyboard.press('Space');
	const moved = [start[1], start[0], ...start.slice(2)];
	await expect.poll(() => order(a)).toEqual(moved);
	await expect.poll(() => order(b)).toEqual(moved);

	// The Move buttons with the keyboard: Tab to "Move … earlier", Enter.
	const earlier = card(a, 'Won this period').getByRole('button', {
		name: 'Move Won this period earlier'
	});
	await earlier.focus();
	await a.keyboard.press('Enter');
	await expect.poll(() => order(a)).toEqual(start);
	await expect.poll(() => order(b)).toEqual(start);
	await expect(earlier).toBeDisabled();

	// A chart card's PNG: the PNG signature, an image header, and more than a blank's bytes.
	// (No deal is open: the pipeline's card says "Nothing to chart" and offers no PNG.)
	const pipeline = card(a, 'Pipeline by stage');
	await expect(pipeline).toContainText('Nothing to chart for these filters.');
	await expect(pipeline.getByRole('button', { name: /as PNG$/ })).toHaveCount(0);
	const wonLost = card(a, 'Won and lost per month');
	const download = a.waitForEvent('download');
	await wonLost.getByRole('button', { name: 'Download Won and lost per month as PNG' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toMatch(/\.png$/);
	const png = await readFile((await file.path())!);
	expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
	expect(png.readUInt32BE(16)).toBeGreaterThan(100); // width
	expect(png.readUInt32BE(20)).toBeGreaterThan(100); // height
	expect(png.length).toBeGreaterThan(2_000);

	// Printed: the cards laid out one after another, the app's controls and navigation left out.
	await a.emulateMedia({ media: 'print' });
	await expect(cards(a)).toHaveCount(8);
	for (const c of await cards(a).all()) await expect(c).toBeVisible();
	await expect(a.getByRole('group', { name: 'Filters' })).toBeHidden();
	await expect(a.getByRole('button', { name: 'Print or save as PDF' })).toBeHidden();
	await expect(a.getByRole('button', { name: 'Move Won this period later' })).toBeHidden();
	await expect(a.getByRole('button', { name: /as CSV$/ }).first()).toBeHidden();
	await expect(a.getByRole('button', { name: 'Add the card' })).toBeHidden();
	await expect(a.locator('#main-nav')).toBeHidden();
	await expect(wonNumber(a)).toHaveText('€1,200');
	const pdf = await a.pdf({ format: 'A4' });
	expect(pdf.subarray(0, 5).toString('ascii')).toBe('%PDF-');
	expect(pdf.length).toBeGreaterThan(10_000);
	await a.emulateMedia({ media: 'screen' });
	await expect(a.getByRole('group', { name: 'Filters' })).toBeVisible();

	// axe on the loaded dashboard, its figures in, a card's options open.
	await card(a, 'Loss reasons').getByText('Options').click();
	expect(await seriousAxe(a)).toEqual([]);

	// A 360 px phone: the cards stacked one above the other, nothing wider than the screen.
	await a.setViewportSize({ width: 360, height: 740 });
	await expect(wonNumber(a)).toBeVisible();
	const boxes = await cards(a).evaluateAll((els) =>
		els.map((e) => {
			const r = e.getBoundingClientRect();
			return { left: Math.round(r.left), right: Math.round(r.right), top: r.top, bottom: r.bottom };
		})
	);
	for (let i = 1; i < boxes.length; i++) {
		expect(boxes[i].left).toBe(boxes[0].left);
		expect(boxes[i].top).toBeGreaterThanOrEqual(boxes[i - 1].bottom);
	}
	expect(Math.max(...boxes.map((x) => x.right))).toBeLessThanOrEqual(360);
	const overflow = await a.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBe(0);
	await a.setViewportSize({ width: 1280, height: 720 });

	// Offline: the page reloads from the device and computes from its data; a card moved
	// there reaches Bob once Alice is back.
	await waitOfflineReady(a);
	await alice.context.setOffline(true);
	await expect(a.getByRole('status', { name: 'Sync status' })).toContainText(/Offline/i);
	await a.reload();
	await expect(cards(a)).toHaveCount(8);
	await expect(wonNumber(a)).toHaveText('€1,200');
	await card(a, 'Won this period')
		.getByRole('button', { name: 'Move Won this period later' })
		.click();
	const offlineOrder = [start[1], start[0], ...start.slice(2)];
	await expect.poll(() => order(a)).toEqual(offlineOrder);
	// Bob, online, still has the old order while Alice is away.
	await expect.poll(() => order(b)).toEqual(start);
	await alice.context.setOffline(false);
	await waitSynced(a);
	await expect.poll(() => order(b)).toEqual(offlineOrder);

	await alice.context.close();
	await bob.context.close();
});
