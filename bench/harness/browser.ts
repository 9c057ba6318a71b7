/**
 * Real Chromium for the browser benches, and what they put on a device: a workspace profile,
 * the workspace's documents in the device database. Code that runs in the page is written as strings: tsx compiles bench
 * files with helpers (__name) that do not exist in the page.
 */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from '../../tests/chromium';

/** How the benches start Chromium: as the end-to-end tests do (tests/chromium.ts). */
export const LAUNCH_OPTIONS = CHROMIUM_LAUNCH_OPTIONS;

/** BENCH_JS_FLAGS='--trace-gc-nvp' (say): V8 flags for the pages, whose output Playwright
 * shows with DEBUG=pw:browser. */
export async function launchBrowser(): Promise<Browser> {
	const jsFlags = process.env.BENCH_JS_FLAGS;
	if (!jsFlags) return chromium.launch(LAUNCH_OPTIONS);
	return chromium.launch({
		...LAUNCH_OPTIONS,
		args: [...(LAUNCH_OPTIONS.args ?? []), `--js-flags=${jsFlags}`]
	});
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
	// en-US: the list's count reads "10,000 people".
	return browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
}

/** The device's profile for one workspace, as src/lib/session/profiles.ts stores it. */
export interface BenchProfile {
	workspaceId: string;
	name: string;
	token: string | null;
	role: 'owner' | 'editor' | 'viewer' | null;
	memberId: string;
	memberName: string;
	color: string;
	createdAt: number;
	knownRecords: number;
}

export function profile(
	input: Partial<BenchProfile> & Pick<BenchProfile, 'workspaceId' | 'memberId'>
): BenchProfile {
	return {
		name: 'Benchmark workspace',
		token: 'bench-token',
		role: 'owner',
		memberName: 'Bench User',
		color: '#3366cc',
		createdAt: Date.UTC(2025, 0, 1),
		knownRecords: 0,
		...input
	};
}

/** An empty page on the app's origin, to write its storage from before the app first runs. */
export const BLANK_PATH = '/__bench/blank.html';
export const BLANK_HTML = '<!doctype html><meta charset="utf-8"><title>bench</title>';

/** Serves the blank page through Playwright, for an origin the bench does not serve itself. */
export async function routeBlank(context: BrowserContext, origin: string): Promise<void> {
	await context.route(origin + BLANK_PATH, (route) =>
		route.fulfill({ status: 200, contentType: 'text/html', body: BLANK_HTML })
	);
}

/** A workspace's documents, served as one file: each document's bytes, one after another. */
export interface DeviceSeed {
	/** Where the page fetches the bytes from (on the app's origin). */
	url: string;
	/** Each document's name and the length of its one merged update, in the file's order. */
	docs: [name: string, length: number][];
}

/** The file for `seedDevice`: every document's update, concatenated, and how to cut it. */
export function deviceSeedFile(updates: Map<string, Uint8Array>): {
	body: Buffer;
	docs: DeviceSeed['docs'];
} {
	const docs: DeviceSeed['docs'] = [...updates].map(([name, update]) => [name, update.length]);
	return { body: Buffer.concat([...updates.values()]), docs };
}

/**
 * Writes the profile to localStorage and, if given, the workspace's documents to IndexedDB as
 * DeviceDocs keeps them (src/lib/data/device-docs-db.ts): database `crm-docs` (Dexie version 1,
 * which is IndexedDB version 10), store `updates` (key `id`, auto-increment; index `[ws+doc]`
 * on ['ws', 'doc']), one row { ws, doc, update } per document holding its merged update, all
 * in one transaction. The page must be on the app's origin.
 */
export async function seedDevice(
	page: Page,
	input: { profile: BenchProfile; seed?: DeviceSeed }
): Promise<void> {
	const script = `(async (input) => {
		if (input.seed) {
			const all = new Uint8Array(await (await fetch(input.seed.url)).arrayBuffer());
			await new Promise((resolve, reject) => {
				const req = indexedDB.open('crm-docs', 10);
				req.onupgradeneeded = () => {
					const store = req.result.createObjectStore('updates', { keyPath: 'id', autoIncrement: true });
					store.createIndex('[ws+doc]', ['ws', 'doc']);
				};
				req.onerror = () => reject(req.error);
				req.onsuccess = () => {
					const db = req.result;
					const tx = db.transaction('updates', 'readwrite');
					const store = tx.objectStore('updates');
					let at = 0;
					for (const [doc, length] of input.seed.docs) {
						store.add({ ws: input.profile.workspaceId, doc, update: all.slice(at, at + length) });
						at += length;
					}
					if (at !== all.length) reject(new Error('seed: ' + all.length + ' bytes fetched, ' + at + ' expected'));
					tx.oncomplete = () => { db.close(); resolve(at); };
					tx.onerror = () => reject(tx.error);
				};
			});
		}
		localStorage.setItem('crm:profiles', JSON.stringify([input.profile]));
		localStorage.setItem('crm:last-workspace', input.profile.workspaceId);
	})(${JSON.stringify(input)})`;
	await page.evaluate(script);
}

/**
 * Watches, from the first script of every page of the context, for the people list being
 * interactive: a row with a link in the table and the count status saying `countText`.
 * Times are the page's performance.now(), i.e. ms since navigation start.
 */
export async function watchListReady(context: BrowserContext, countText: string): Promise<void> {
	await context.addInitScript({
		content: `(() => {
			const expected = ${JSON.stringify(countText)};
			const state = (window.__bench = { firstRow: null, ready: null, painted: null, longTasks: [] });
			// Main-thread tasks over 50 ms: how long the page could not answer input.
			try {
				new PerformanceObserver((list) => {
					for (const e of list.getEntries()) state.longTasks.push([e.startTime, e.duration]);
				}).observe({ type: 'longtask', buffered: true });
			} catch {}
			const check = () => {
				if (state.ready !== null) return;
				if (!document.querySelector('[role="table"] [role="row"] a[href]')) return;
				if (state.firstRow === null) state.firstRow = performance.now();
				const statuses = document.querySelectorAll('[role="status"]');
				let counted = false;
				for (const s of statuses) if (s.textContent.trim() === expected) counted = true;
				if (!counted) return;
				state.ready = performance.now();
				observer.disconnect();
				// The frame that shows it: after the next animation frame's rendering.
				requestAnimationFrame(() => setTimeout(() => (state.painted = performance.now()), 0));
			};
			const observer = new MutationObserver(check);
			observer.observe(document, { childList: true, subtree: true, characterData: true });
		})();`
	});
}

export interface ListTiming {
	/** ms from navigation start until the list's first row (a link to a record) was in the DOM. */
	firstRow: number;
	/** ms from navigation start until the DOM had both the row and the count. */
	ready: number;
	/** ms until the frame after that. */
	painted: number;
	/** The app's own performance marks (names starting with 'crm:'), if it sets any. */
	marks: Record<string, number>;
}

export async function waitListReady(
	page: Page,
	countText: string,
	timeoutMs: number
): Promise<ListTiming> {
	await page.waitForFunction('window.__bench && window.__bench.painted !== null', undefined, {
		timeout: timeoutMs,
		polling: 50
	});
	// The same thing through accessible queries, so a wrong watcher cannot pass silently.
	await page.getByRole('row').nth(1).getByRole('link').first().waitFor({ timeout: 5_000 });
	await page.getByRole('status').filter({ hasText: countText }).first().waitFor({ timeout: 5_000 });
	return (await page.evaluate(`({
		firstRow: window.__bench.firstRow,
		ready: window.__bench.ready,
		painted: window.__bench.painted,
		marks: ${APP_MARKS}
	})`)) as ListTiming;
}

const APP_MARKS = `Object.fromEntries(performance.getEntriesByType('mark')
	.filter((m) => m.name.startsWith('crm:')).map((m) => [m.name, m.startTime]))`;

/** The app's performance marks so far (names starting with 'crm:'), ms since navigation. */
export async function appMarks(page: Page): Promise<Record<string, number>> {
	return (await page.evaluate(APP_MARKS)) as Record<string, number>;
}

/** Main-thread tasks over 50 ms that started after `since`: how many, and their ms in all. */
export async function longTasksSince(
	page: Page,
	since: number
): Promise<{ count: number; ms: number }> {
	return (await page.evaluate(`(() => {
		const after = window.__bench.longTasks.filter(([start]) => start >= ${since});
		return { count: after.length, ms: after.reduce((sum, [, d]) => sum + d, 0) };
	})()`)) as { count: number; ms: number };
}

/** The longest main-thread task (ms) that started after `since` (and before `until`), in ms since navigation. */
export async function longestTaskAfter(
	page: Page,
	since: number,
	until = Number.MAX_SAFE_INTEGER
): Promise<number> {
	return (await page.evaluate(
		`Math.max(0, ...window.__bench.longTasks.filter(([start]) => start >= ${since} && start < ${until}).map(([, d]) => d))`
	)) as number;
}

/** Live JS heap of the page after a full garbage collection, in MB. */
export async function heapAfterGc(page: Page): Promise<number> {
	const cdp = await page.context().newCDPSession(page);
	try {
		await cdp.send('HeapProfiler.collectGarbage');
		const { usedSize } = await cdp.send('Runtime.getHeapUsage');
		return usedSize / 1024 / 1024;
	} finally {
		await cdp.detach();
	}
}

/** When the app last saved its list-row cache (Dexie `crm-local`), or 0 if it has none. */
export async function rowCacheSavedAt(page: Page, workspaceId: string): Promise<number> {
	return (await page.evaluate(`new Promise((resolve) => {
		const req = indexedDB.open('crm-local');
		req.onerror = () => resolve(0);
		req.onsuccess = () => {
			const db = req.result;
			if (!db.objectStoreNames.contains('rowCache')) { db.close(); return resolve(0); }
			const get = db.transaction('rowCache').objectStore('rowCache').get(${JSON.stringify(workspaceId + ':person')});
			get.onsuccess = () => { db.close(); resolve(get.result ? get.result.savedAt : 0); };
			get.onerror = () => { db.close(); resolve(0); };
		};
	})`)) as number;
}
