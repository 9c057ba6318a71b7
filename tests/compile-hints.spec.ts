/**
 * The code only record pages run is marked for eager compilation (V8's explicit compile hint,
 * vite.config.ts's recordPageCompileHints), so a tab's first click on a record does not compile
 * it on the main thread; the code a list's open runs is not marked, as compiling all of it up
 * front slowed a warm open. Read from the built app as the browser loads it.
 */
import { expect, test, type Page } from '@playwright/test';
import { createPerson, createWorkspace, invite, joinAs } from './helpers';

const HINT = '//# allFunctionsCalledOnLoad';

/** The app's JavaScript modules this page has loaded so far, by address. */
function loadedModules(page: Page): Promise<string[]> {
	return page.evaluate(() =>
		performance
			.getEntriesByType('resource')
			.map((entry) => entry.name)
			.filter((name) => /\/_app\/immutable\/.+\.js$/.test(name))
	);
}

async function hinted(page: Page, urls: string[]): Promise<string[]> {
	const out: string[] = [];
	for (const url of urls) {
		const res = await page.request.get(url);
		expect(res.ok(), url).toBe(true);
		if ((await res.text()).startsWith(HINT)) out.push(url);
	}
	return out;
}

test("a record page's own code is marked for eager compilation, a list's start code is not", async ({
	browser,
	baseURL
}) => {
	const ws = await createWorkspace(baseURL!, 'Compile hints');
	const { context, page } = await joinAs(browser, await invite(baseURL!, ws, 'owner'), 'Ada');
	const person = await createPerson(page, 'Grace', 'Hopper');

	// A new tab on the list: what it loads before the app starts opening the workspace is the
	// shell's and the list's code (a record page's is fetched later, when the tab is idle).
	const tab = await context.newPage();
	await tab.goto('/people');
	await expect(tab.getByRole('link', { name: /Grace Hopper/ })).toBeVisible();
	const atStart = await tab.evaluate(() => {
		const started = performance.getEntriesByName('crm:open-started')[0]?.startTime;
		return performance
			.getEntriesByType('resource')
			.map((e) => e as PerformanceResourceTiming)
			.filter((e) => /\/_app\/immutable\/.+\.js$/.test(e.name))
			.filter((e) => started !== undefined && e.responseEnd <= started)
			.map((e) => e.name);
	});
	expect(atStart.length).toBeGreaterThan(3);
	expect(await hinted(tab, atStart)).toEqual([]);

	// The person's page: among the modules it brought, its own are marked.
	await tab.getByRole('link', { name: /Grace Hopper/ }).click();
	await expect(tab).toHaveURL(new RegExp(`${person}$`));
	await expect(tab.getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();
	const added = (await loadedModules(tab)).filter((url) => !atStart.includes(url));
	const marked = await hinted(tab, added);
	expect(marked.length).toBeGreaterThan(0);
	expect(marked.some((url) => /\/nodes\/\d+\./.test(url))).toBe(true);
	await context.close();
});
