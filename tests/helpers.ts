/**
 * End-to-end helpers: real Chromium, real IndexedDB, the real relay that playwright.config.ts
 * starts on 127.0.0.1. Workspaces and invites are made through the relay's HTTP API, as the
 * app's settings page does; people join through the invite link, as a newcomer does.
 */
import {
	expect,
	type Browser,
	type BrowserContext,
	type BrowserContextOptions,
	type Page
} from '@playwright/test';

export interface TestWorkspace {
	workspaceId: string;
	ownerToken: string;
}

export async function createWorkspace(baseURL: string, name: string): Promise<TestWorkspace> {
	const res = await fetch(`${baseURL}/api/workspaces`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ name })
	});
	expect(res.status).toBe(201);
	const body = (await res.json()) as { workspaceId: string; token: string };
	return { workspaceId: body.workspaceId, ownerToken: body.token };
}

export async function invite(
	baseURL: string,
	ws: TestWorkspace,
	role: 'owner' | 'editor' | 'viewer'
): Promise<string> {
	const res = await fetch(`${baseURL}/api/workspaces/${ws.workspaceId}/invites`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.ownerToken}` },
		body: JSON.stringify({ role, label: `e2e ${role}` })
	});
	expect(res.status).toBe(201);
	const body = (await res.json()) as { token: string };
	return `/join#ws=${encodeURIComponent(ws.workspaceId)}&token=${encodeURIComponent(body.token)}`;
}

/**
 * A person on their own device: a fresh browser context joined through an invite link.
 * `options`: the device's time zone, permissions; `setup` runs before the first page (a clock).
 */
export async function joinAs(
	browser: Browser,
	link: string,
	name: string,
	options: BrowserContextOptions = {},
	setup?: (context: BrowserContext) => Promise<void>
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext(options);
	await setup?.(context);
	const page = await context.newPage();
	page.on('pageerror', (e) => console.error(`[${name}] page error:`, e.message));
	await page.goto(link);
	await page.getByLabel('Your name').fill(name);
	await page.getByRole('button', { name: 'Join workspace' }).click();
	await expect(page).toHaveURL(/\/people/);
	await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Synced');
	return { context, page };
}

/** Creates a person through the list's "New person" form and opens their page. */
export async function createPerson(page: Page, first: string, last: string): Promise<string> {
	await page.goto('/people');
	await page.getByRole('button', { name: 'New person' }).click();
	await page.getByLabel('First name').fill(first);
	await page.getByLabel('Last name').fill(last);
	await page.getByRole('button', { name: 'Create', exact: true }).click();
	await expect(page).toHaveURL(/\/people\/[0-9a-f-]{36}$/);
	return new URL(page.url()).pathname;
}

export async function waitSynced(page: Page): Promise<void> {
	await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Synced');
}

/**
 * Waits until the service worker is active — the app's files are cached, so a reload works with
 * the network off. Not until it controls this page: a page that loaded while the worker was
 * activating can stay uncontrolled until its next navigation (clients.claim() misses a document
 * still being created; seen in 1 of 40 runs), and the offline reload is such a navigation.
 */
export async function waitOfflineReady(page: Page): Promise<void> {
	await page.evaluate(
		() =>
			new Promise<void>((resolve, reject) => {
				setTimeout(() => reject(new Error('no active service worker after 20 s')), 20_000);
				void navigator.serviceWorker.ready.then(() => resolve());
			})
	);
}

/**
 * Holds the device's document store (IndexedDB 'crm-docs') until `release` is called: another tab of the
 * origin (`page`, running no app code) holds a write transaction on it, so an open waits.
 */
export async function holdDocs(page: Page): Promise<() => Promise<void>> {
	await page.goto('/manifest.webmanifest');
	await page.evaluate(
		() =>
			new Promise<void>((resolve, reject) => {
				const w = window as unknown as { held: boolean };
				const req = indexedDB.open('crm-docs');
				req.onerror = () => reject(req.error);
				req.onsuccess = () => {
					const store = req.result.transaction('updates', 'readwrite').objectStore('updates');
					w.held = true;
					const spin = () => {
						if (w.held) store.count().onsuccess = spin;
					};
					store.count().onsuccess = () => {
						spin();
						resolve(); // the transaction has started: readers wait for it from here
					};
				};
			})
	);
	return () => page.evaluate(() => void ((window as unknown as { held: boolean }).held = false));
}
