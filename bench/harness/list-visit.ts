/**
 * One visit to the people list of a seeded device (bench/open.bench.ts, interactions.bench.ts):
 * navigation until the list is interactive, then the longest task after the paint and the heap
 * once every document that opens with the workspace has loaded.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { profiled } from './profile';
import {
	appMarks,
	heapAfterGc,
	longestTaskAfter,
	longTasksSince,
	rowCacheSavedAt,
	waitListReady,
	type ListTiming
} from './browser';

const DOC_LOADED = 'crm:doc-loaded';
/** How long after the document loaded the row cache may take to be written (the app waits 2 s). */
const CACHE_WAIT_MS = 20_000;

export interface Visit {
	timing: ListTiming;
	heapMb: number;
	/** The longest main-thread task after the list painted, until the document had loaded. */
	blockedMs: number;
	/** The longest main-thread task from the app's code starting the open until the list painted. */
	openingTaskMs: number;
	/** Tasks over 50 ms after the list painted, until the document had loaded: how many, and their ms in all. */
	longTasksAfter: { count: number; ms: number };
	/** The app's marks once the document had loaded (ms since navigation): `timing.marks` and later ones. */
	loadedMarks: Record<string, number>;
	/** Whether the app wrote its row cache during this visit (else the next one is not warm). */
	cacheSaved: boolean;
}

/** One visit to /people: time to the interactive list, then heap once the document is in. */
export async function visit(
	context: BrowserContext,
	origin: string,
	workspaceId: string,
	countText: string,
	timeout: number,
	/** Runs on the page once the visit is measured, before it closes (a further measurement). */
	then?: (page: Page) => Promise<void>,
	/** Profiles the visit until the documents loaded under this name (BENCH_PROFILE, BENCH_TRACE). */
	profileAs?: string
): Promise<Visit> {
	const page = await context.newPage();
	try {
		const since = Date.now();
		const cacheSaved = async () => (await rowCacheSavedAt(page, workspaceId)) >= since;
		const open = async () => {
			await page.goto(origin + '/people');
			const timing = await waitListReady(page, countText, timeout);
			// The whole document is in once the app marks it (or, without the mark, once it saved
			// the row cache, which it does 2 s after loading).
			const deadline = Date.now() + timeout;
			while (!(await hasMark(page, DOC_LOADED)) && !(await cacheSaved())) {
				if (Date.now() > deadline) throw new Error(`${workspaceId}: the document never loaded`);
				await page.waitForTimeout(250);
			}
			return timing;
		};
		const timing = profileAs ? await profiled(page, profileAs, open) : await open();
		const blockedMs = await longestTaskAfter(page, timing.painted);
		const openingTaskMs = await longestTaskAfter(
			page,
			timing.marks['crm:open-started'] ?? 0,
			timing.painted
		);
		const longTasksAfter = await longTasksSince(page, timing.painted);
		const loadedMarks = await appMarks(page);
		const heapMb = await heapAfterGc(page);
		// The next visit is warm only if the row cache was written; give it a while.
		const cacheDeadline = Date.now() + CACHE_WAIT_MS;
		let saved = await cacheSaved();
		while (!saved && Date.now() < cacheDeadline) {
			await page.waitForTimeout(250);
			saved = await cacheSaved();
		}
		if (then) await then(page);
		return {
			timing,
			heapMb,
			blockedMs,
			openingTaskMs,
			longTasksAfter,
			loadedMarks,
			cacheSaved: saved
		};
	} finally {
		await page.close();
	}
}

export async function hasMark(page: Page, name: string): Promise<boolean> {
	return (await page.evaluate(
		`performance.getEntriesByName(${JSON.stringify(name)}, 'mark').length > 0`
	)) as boolean;
}
