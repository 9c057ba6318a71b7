/**
 * Interactions at scale (issue #12), in real Chromium (budgets, README "Performance"):
 * - opening the 100k workspace with its 1M interactions from the device, against the same
 *   workspace without them in the same run: the same budgets as without (warm ≤ 1.5 s, heap
 *   ≤ 300 MB, no task over 50 ms after the paint), since only the last months open with it
 * - the busy customer's timeline (5,000 interactions over every month of four years): a
 *   client-side navigation to their page until the newest entry shows (≤ 100 ms), and scrolling
 *   to the end until all 5,000 are in (the closed months open as it is scrolled)
 * - an interaction logged in browser A until it shows in B's timeline, through the real relay on
 *   loopback (as an edit: p50 ≤ 15 ms, p99 ≤ 50 ms)
 * Quick mode measures the 10k workspace (100k interactions) once and 30 interactions logged.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { encodeDocs } from '../src/lib/data/docs-testing';
import { SYNC_UPDATE } from '../src/lib/sync/wire';
import { encodeWorkspace, generateWorkspace, SIZES, type BusyCustomer } from './generate';
import { settleWorkspace } from './generate-tasks';
import {
	BLANK_HTML,
	BLANK_PATH,
	deviceSeedFile,
	type DeviceSeed,
	heapAfterGc,
	launchBrowser,
	newContext,
	profile,
	routeBlank,
	seedDevice,
	watchListReady
} from './harness/browser';
import { visit, type Visit } from './harness/list-visit';
import { profiled } from './harness/profile';
import { BUILD_DIR } from './harness/paths';
import { startRelay, type RelayProcess } from './harness/relay-process';
import { pushToRelay } from './harness/relay-seed';
import { serveStatic, type StaticServer } from './harness/static-server';
import { WEBSOCKET_TAP, type Frame } from './harness/websocket-tap';
import { percentile, summarize, type BenchOptions, type BenchResult } from './result';

const OPEN_WARM_BUDGET_MS = 1_500;
const HEAP_BUDGET_MB = 300;
const LONG_TASK_BUDGET_MS = 50;
const TIMELINE_FIRST_BUDGET_MS = 100;
const LOG_P50_BUDGET_MS = 15;
const LOG_P99_BUDGET_MS = 50;
/** How long scrolling the busy customer's timeline to its end may take before giving up. */
const ALL_MONTHS_TIMEOUT_MS = 300_000;
const WARM_UP_LOGS = 3;
/** Logs measured while the pages still fetch old months onto their devices (a new device). */
const FILLING_LOGS = 60;
const VARIANTS = ['with', 'without'] as const;

type Size = keyof typeof SIZES;

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	// BENCH_PART=open|timeline|log runs one part alone (a rerun of the part that failed).
	const part = process.env.BENCH_PART;
	const results: BenchResult[] = [];
	const browser = await launchBrowser();
	try {
		const server = await serveStatic(BUILD_DIR);
		try {
			if (part !== 'log')
				results.push(
					...(await openAndTimeline(
						browser,
						server,
						quick ? '10k' : '100k',
						Number(process.env.BENCH_RUNS) || (quick ? 1 : 3)
					))
				);
		} finally {
			await server.close();
		}
		const relay = await startRelay();
		try {
			if (part !== 'open' && part !== 'timeline')
				results.push(...(await logToVisible(browser, relay, quick ? 30 : 300)));
		} finally {
			await relay.stop();
		}
		return results;
	} catch (err) {
		// Keep what was measured (bench/run-one.ts reports it with the error).
		throw Object.assign(err instanceof Error ? err : new Error(String(err)), { results });
	} finally {
		await browser.close();
	}
}

function progress(message: string): void {
	process.stderr.write(`interactions: ${message}\n`);
}

const count = (n: number) => n.toLocaleString('en-US');
const label = (n: number) => (n >= 1e6 ? `${n / 1e6}m` : `${n / 1e3}k`);

/** A device's documents, served in parts: one fetch of 800 MB is more than a page should hold. */
interface Seeded {
	parts: DeviceSeed[];
	documents: number;
	bytes: number;
}

const SEED_PART_BYTES = 64e6;

function putSeed(
	server: StaticServer,
	name: string,
	updates: Map<string, Uint8Array>,
	/** Where each part is written too (BENCH_SEED_CACHE). */
	dir?: string
): Seeded {
	const seeded: Seeded = { parts: [], documents: updates.size, bytes: 0 };
	let part = new Map<string, Uint8Array>();
	let bytes = 0;
	const flush = () => {
		const file = deviceSeedFile(part);
		const url = `/__bench/${name}-${seeded.parts.length}.bin`;
		server.put(url, file.body);
		if (dir) writeFileSync(path.join(dir, path.basename(url)), file.body);
		seeded.parts.push({ url, docs: file.docs });
		seeded.bytes += file.body.length;
		part = new Map();
		bytes = 0;
	};
	for (const [doc, update] of updates) {
		if (bytes + update.length > SEED_PART_BYTES && part.size > 0) flush();
		part.set(doc, update);
		bytes += update.length;
	}
	if (part.size > 0) flush();
	return seeded;
}

interface Seeds {
	withSeed: Seeded;
	refSeed: Seeded;
	busy: BusyCustomer;
	memberId: string;
}

/**
 * The workspace of `size` with its interactions and without, generated (at 100k, 5–15 min) or,
 * with BENCH_SEED_CACHE=<dir>, read from what an earlier run of the same UTC month wrote there
 * (the newest months must be the browser's hot ones).
 */
async function seeds(server: StaticServer, size: Size): Promise<Seeds> {
	const now = Date.now();
	const dir = process.env.BENCH_SEED_CACHE;
	// BENCH_SETTLED=1: every record of the open documents edited over a month ago settled, as the
	// devices of a workspace in use leave them (settled-records.ts), in both variants.
	const settled = process.env.BENCH_SETTLED === '1';
	const month = new Date(now).toISOString().slice(0, 7);
	const index =
		dir && path.join(dir, `interactions-${size}-${month}${settled ? '-settled' : ''}.json`);
	if (index && existsSync(index)) {
		const cached = JSON.parse(readFileSync(index, 'utf8')) as Seeds;
		for (const seed of [cached.withSeed, cached.refSeed])
			for (const part of seed.parts)
				server.put(part.url, readFileSync(path.join(dir, path.basename(part.url))));
		progress(`seeds read from ${index}`);
		return cached;
	}
	let started = performance.now();
	const generated = generateWorkspace({ ...SIZES[size], seed: 42, now });
	if (settled) progress(`settled ${count(settleWorkspace(generated.docs, now))} records`);
	const busy = generated.busyCustomer!;
	const memberId = generated.memberIds[0];
	const withSeed = putSeed(server, 'with', encodeWorkspace(generated), dir);
	generated.docs.destroy();
	progress(
		`generated ${size} with ${count(SIZES[size].interactions)} interactions in ${((performance.now() - started) / 1000).toFixed(1)} s: ${withSeed.documents} documents, ${(withSeed.bytes / 1e6).toFixed(0)} MB`
	);
	started = performance.now();
	const reference = generateWorkspace({ ...SIZES[size], interactions: 0, seed: 42, now });
	if (settled) settleWorkspace(reference.docs, now);
	const refSeed = putSeed(server, 'without', encodeDocs(reference.docs), dir);
	reference.docs.destroy();
	progress(`generated the reference in ${((performance.now() - started) / 1000).toFixed(1)} s`);
	const out = { withSeed, refSeed, busy, memberId };
	if (index) writeFileSync(index, JSON.stringify(out));
	return out;
}

/** The workspace of `size` with its interactions and without, warm and cold, run after run. */
async function openAndTimeline(
	browser: Browser,
	server: StaticServer,
	size: Size,
	runs: number
): Promise<BenchResult[]> {
	const { withSeed, refSeed, busy, memberId } = await seeds(server, size);
	server.put(BLANK_PATH, BLANK_HTML);

	const records = SIZES[size].people + SIZES[size].organizations + SIZES[size].deals;
	const countText = `${count(SIZES[size].people)} people`;
	// BENCH_LIST_TIMEOUT_MS: longer on a machine under heavy load (the cold 100k open took over
	// 240 s at load ~40).
	const timeout = Number(process.env.BENCH_LIST_TIMEOUT_MS) || (size === '100k' ? 240_000 : 60_000);
	const visits = {
		with: { cold: [] as Visit[], warm: [] as Visit[] },
		without: { cold: [] as Visit[], warm: [] as Visit[] }
	};
	const timelines: TimelineRun[] = [];
	for (let i = 0; i < runs; i++) {
		// BENCH_PART=timeline: the workspace with interactions alone (its cold visit writes the
		// row cache the warm one opens from), for the timeline's figure.
		const variants = process.env.BENCH_PART === 'timeline' ? (['with'] as const) : VARIANTS;
		for (const variant of variants) {
			const seed = variant === 'with' ? withSeed : refSeed;
			const workspaceId = `bench-interactions-${size}-${variant}-${i}`;
			const context = await newContext(browser);
			const failed = timelines.length;
			try {
				await watchListReady(context, countText);
				const setup = await context.newPage();
				await setup.goto(server.origin + BLANK_PATH);
				for (const part of seed.parts)
					await seedDevice(setup, {
						profile: profile({ workspaceId, memberId, knownRecords: records }),
						seed: part
					});
				await setup.close();
				const v = visits[variant];
				v.cold.push(await visit(context, server.origin, workspaceId, countText, timeout));
				v.warm.push(
					await visit(
						context,
						server.origin,
						workspaceId,
						countText,
						timeout,
						async (page) => {
							if (variant === 'with') timelines.push(await timeline(page, busy, i));
						},
						`open-${variant}-warm-${i}`
					)
				);
				progress(
					`run ${i + 1} ${variant}: cold list at ${v.cold.at(-1)!.timing.painted.toFixed(0)} ms (row cache ${v.cold.at(-1)!.cacheSaved ? '' : 'not '}written), warm list at ${v.warm.at(-1)!.timing.painted.toFixed(0)} ms, heap ${v.warm.at(-1)!.heapMb.toFixed(0)} MB; warm marks ${Object.keys(v.warm.at(-1)!.timing.marks).join(' ')}` +
						(variant === 'with'
							? `; timeline first entry ${timelines.at(-1)!.first.toFixed(1)} ms (reference ${timelines.at(-1)!.reference?.toFixed(1) ?? '—'} ms), all ${timelines.at(-1)!.all?.toFixed(0) ?? `not in (${timelines.at(-1)!.loaded})`} ms`
							: '')
				);
			} catch (err) {
				// The timeline part alone keeps the runs that got through (under load 40–60 the
				// harness's 5 s wait for the list's status failed one run of three).
				if (process.env.BENCH_PART !== 'timeline') throw err;
				timelines.length = failed;
				progress(`run ${i + 1} failed, left out: ${err instanceof Error ? err.message : err}`);
			} finally {
				await context.close();
			}
		}
	}

	const first = timelines.map((t) => t.first);
	const references = timelines.flatMap((t) => (t.reference === null ? [] : [t.reference]));
	const timelineResult = summarize(
		'timeline.5000.first_entry_ms',
		'ms',
		'lower',
		first,
		TIMELINE_FIRST_BUDGET_MS,
		references.length > 0 ? references : undefined,
		`${references.length > 0 ? `reference: back on the list, the same click to a person of its first rows with a short timeline, until the frame after their timeline showed (${references.map((r) => r.toFixed(0)).join(', ')} ms); ` : ''}from the warm /people list (${countText}, ${count(SIZES[size].interactions)} interactions, loaded), a client-side navigation (a link clicked, laid out a frame before) to the busy customer's page until the frame after their newest interaction's entry is in the timeline (rendered; the timeline sits below the person's fields, so at 1280×800 the user scrolls to it); ${busy.interactions} interactions over ${busy.months} months, ${busy.closedMonths} of them closed`
	);
	if (process.env.BENCH_PART === 'timeline') return [timelineResult];
	const id = `open.${size}.with_${label(SIZES[size].interactions)}_interactions`;
	const w = visits.with;
	const wo = visits.without;
	const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
	const note = `${countText}, ${count(SIZES[size].interactions)} interactions over 4 years (${withSeed.documents} documents, ${mb(withSeed.bytes)} on the device; the last 3 months open with the workspace); reference: the same workspace without interactions (${refSeed.documents} documents, ${mb(refSeed.bytes)}), measured in the same run`;
	const heaps = (v: { cold: Visit[]; warm: Visit[] }) =>
		[...v.cold, ...v.warm].map((x) => x.heapMb);
	const out = [
		summarize(
			`${id}.cold`,
			'ms',
			'lower',
			w.cold.map((v) => v.timing.painted),
			null,
			wo.cold.map((v) => v.timing.painted),
			`no row cache: the list waits for every document that opens with the workspace; ${note}`
		),
		summarize(
			`${id}.warm`,
			'ms',
			'lower',
			w.warm.map((v) => v.timing.painted),
			OPEN_WARM_BUDGET_MS,
			wo.warm.map((v) => v.timing.painted),
			`second visit, rows from the row cache; ${note}`
		),
		summarize(
			`${id}.warm.longest_task_after_paint`,
			'ms',
			'lower',
			w.warm.map((v) => v.blockedMs),
			LONG_TASK_BUDGET_MS,
			wo.warm.map((v) => v.blockedMs),
			'the longest main-thread task between the warm list painting and the open documents having loaded (the reference: without interactions)'
		),
		summarize(
			`${id}.heap`,
			'MB',
			'lower',
			heaps(w),
			HEAP_BUDGET_MB,
			heaps(wo),
			'JS heap after the open documents loaded and a full GC, cold and warm visits (the reference: without interactions)'
		)
	];
	out.push(timelineResult);
	const all = timelines.map((t) => t.all).filter((t): t is number => t !== null);
	if (all.length > 0)
		out.push(
			summarize(
				'timeline.5000.all_months_ms',
				'ms',
				'lower',
				all,
				null,
				undefined,
				`from the same click, the timeline scrolled to its end again and again until it holds all ${busy.interactions} entries and says "That is everything." (opening the ${busy.closedMonths} closed months, 3 at a time, from the device's database)${all.length < timelines.length ? `; ${timelines.length - all.length} of ${timelines.length} runs did not get there within ${ALL_MONTHS_TIMEOUT_MS / 1000} s` : ''}`
			),
			summarize(
				'timeline.5000.all_months.heap',
				'MB',
				'lower',
				timelines.flatMap((t) => (t.heapMb === null ? [] : [t.heapMb])),
				null,
				w.warm.map((v) => v.heapMb),
				"JS heap after the busy customer's every month was open, after a full GC (the reference: the same page before, with only the hot months open)"
			)
		);
	return out;
}

interface TimelineRun {
	/** ms from the click until the frame after the newest entry was in the timeline. */
	first: number;
	/** The same click, back on the list, to a person with a short timeline (null: not measured). */
	reference: number | null;
	/** ms from the click until every entry was in (null: not within the timeout). */
	all: number | null;
	/** Entries the timeline held at the end. */
	loaded: number;
	heapMb: number | null;
}

/** On the loaded /people page: a link to the busy customer clicked, then their timeline scrolled to its end. */
async function timeline(page: Page, busy: BusyCustomer, run: number): Promise<TimelineRun> {
	const marker = busy.newestInteractionId.slice(busy.newestInteractionId.indexOf('~') + 1);
	const entry = `section a[href*=${JSON.stringify(marker)}]`;
	await profiled(page, `timeline-${run}`, () => clickToFirst(page, `/people/${busy.id}`, entry));
	if (!page.url().endsWith(`/people/${busy.id}`)) throw new Error(`the click led to ${page.url()}`);
	// BENCH_ALL_MONTHS=0: the first entry only (scrolling 1M interactions' months takes minutes),
	// then the reference: back on the list, the same click to a person with a short timeline.
	if (process.env.BENCH_ALL_MONTHS === '0') {
		const state = (await page.evaluate('window.__tl')) as { start: number; first: number };
		const reference = await referenceClick(page, busy, run);
		return { first: state.first - state.start, reference, all: null, loaded: 0, heapMb: null };
	}
	return { ...(await scrollToEnd(page, busy)), reference: null };
}

/**
 * Back on the list (history back, as a user goes back), a person of its first rows who is not
 * the busy customer, clicked as the busy customer was, until the frame after their timeline's
 * section is shown: the person's page with a short timeline, measured in the same page.
 */
async function referenceClick(page: Page, busy: BusyCustomer, run: number): Promise<number> {
	await page.goBack();
	const pick = `[...document.querySelectorAll('main a[href^="/people/"]')].map((a) => a.getAttribute('href')).find((h) => h.split('/').length === 3 && !/[?#]/.test(h) && h !== ${JSON.stringify(`/people/${busy.id}`)})`;
	await page.waitForFunction(`location.pathname === '/people' && !!(${pick})`, undefined, {
		timeout: 60_000
	});
	// The list settles before the click, as it had before the busy customer's.
	await page.waitForTimeout(2_000);
	const href = (await page.evaluate(pick)) as string;
	await profiled(page, `timeline-reference-${run}`, () =>
		clickToFirst(page, href, 'section.timeline')
	);
	const state = (await page.evaluate('window.__tl')) as { start: number; first: number };
	return state.first - state.start;
}

/** The link to `href` clicked, until the frame after `selector` (the newest entry) showed. */
async function clickToFirst(page: Page, href: string, selector: string): Promise<void> {
	// The link is laid out a frame before it is clicked, as a link a user clicks is: clicked at
	// once, the navigation's scroll-position read paid for laying out the whole list page again.
	await page.evaluate(`new Promise((resolve) => {
		document.getElementById('__bench_busy')?.remove();
		const link = document.createElement('a');
		link.href = ${JSON.stringify(href)};
		link.id = '__bench_busy';
		link.textContent = 'The person';
		document.body.append(link);
		requestAnimationFrame(() => setTimeout(resolve, 0));
	})`);
	await page.evaluate(`(() => {
		const state = (window.__tl = { start: 0, seen: null, first: null, all: null, loaded: 0 });
		const link = document.getElementById('__bench_busy');
		const check = () => {
			if (state.seen !== null) return;
			const entry = document.querySelector(${JSON.stringify(selector)});
			if (!entry || !entry.checkVisibility()) return;
			state.seen = performance.now();
			observer.disconnect();
			requestAnimationFrame(() => setTimeout(() => (state.first = performance.now()), 0));
		};
		const observer = new MutationObserver(check);
		observer.observe(document, { childList: true, subtree: true });
		state.start = performance.now();
		link.click();
	})()`);
	// A full page load would have lost window.__tl: this also proves the navigation stayed in the app.
	await page.waitForFunction('window.__tl.first !== null', undefined, {
		timeout: 60_000,
		polling: 20
	});
}

/** The timeline scrolled to its end again and again until it holds every entry. */
async function scrollToEnd(
	page: Page,
	busy: BusyCustomer
): Promise<Omit<TimelineRun, 'reference'>> {
	await page.evaluate(`(() => {
		const state = window.__tl;
		const total = ${busy.interactions};
		const tick = () => {
			const section = document.querySelector('section.timeline');
			const heading = section && section.querySelector('h2');
			const m = heading && /\\((\\d+)\\)/.exec(heading.textContent);
			state.loaded = m ? Number(m[1]) : 0;
			if (state.loaded === total && section.textContent.includes('That is everything.')) {
				state.all = performance.now();
				return;
			}
			if (section)
				for (const el of section.querySelectorAll('*'))
					if (el.scrollHeight > el.clientHeight + 1 && /auto|scroll/.test(getComputedStyle(el).overflowY)) {
						el.scrollTop = el.scrollHeight;
						break;
					}
			setTimeout(tick, 50);
		};
		tick();
	})()`);
	const done = await page
		.waitForFunction('window.__tl.all !== null', undefined, {
			timeout: ALL_MONTHS_TIMEOUT_MS,
			polling: 250
		})
		.then(() => true)
		.catch(() => false);
	const state = (await page.evaluate('window.__tl')) as {
		start: number;
		first: number;
		all: number | null;
		loaded: number;
	};
	return {
		first: state.first - state.start,
		all: done && state.all !== null ? state.all - state.start : null,
		loaded: state.loaded,
		heapMb: done ? await heapAfterGc(page) : null
	};
}

interface LogTiming {
	total: number;
	/** A: submit until its websocket sent the first update. */
	sender: number;
	/** A's send until B's websocket received an update. */
	relay: number;
	/** B: received until the entry is in B's DOM. */
	receiver: number;
}

/** The 10k workspace with its 100k interactions on the relay; calls logged in A, seen in B. */
async function logToVisible(
	browser: Browser,
	relay: RelayProcess,
	logs: number
): Promise<BenchResult[]> {
	const generated = generateWorkspace({ ...SIZES['10k'], seed: 42, now: Date.now() });
	const busyId = generated.busyCustomer?.id;
	// An ordinary customer: the first person of an organization, with their few interactions.
	const target = generated.json.people.find((p) => p.organizationId && p.id !== busyId)!;
	const person = {
		id: String(target.id),
		name: `${String(target.firstName)} ${String(target.lastName)}`
	};
	const updates = encodeWorkspace(generated);
	generated.docs.destroy();
	const created = await relay.createWorkspace('Interactions benchmark');
	let started = performance.now();
	await pushToRelay({ relayOrigin: relay.origin, ...created, updates });
	const pushMs = performance.now() - started;
	progress(
		`pushed the 10k workspace (${updates.size} documents) to the relay in ${(pushMs / 1000).toFixed(1)} s`
	);

	const contexts: BrowserContext[] = [];
	try {
		for (const name of ['Logger A', 'Watcher B']) {
			const context = await newContext(browser);
			contexts.push(context);
			await routeBlank(context, relay.origin);
			const setup = await context.newPage();
			await setup.goto(relay.origin + BLANK_PATH);
			await seedDevice(setup, {
				profile: profile({ ...created, memberId: crypto.randomUUID(), memberName: name })
			});
			await setup.close();
			await context.addInitScript({ content: WEBSOCKET_TAP });
		}
		started = performance.now();
		const [a, b] = await Promise.all(contexts.map((c) => personPage(c, relay, person)));
		progress(
			`both pages show ${person.name}'s timeline after ${((performance.now() - started) / 1000).toFixed(1)} s; logging`
		);
		await a.evaluate(`(() => {
			window.__sent = {};
			window.addEventListener('submit', (e) => {
				const subject = e.target.querySelector('input[id$="-subject"]');
				if (subject) window.__sent[subject.value] = performance.timeOrigin + performance.now();
			}, true);
		})()`);
		await b.evaluate(`(() => {
			window.__seen = {};
			const scan = (text) => {
				for (const m of text.matchAll(/Log-\\d{4}/g))
					if (window.__seen[m[0]] === undefined) window.__seen[m[0]] = performance.timeOrigin + performance.now();
			};
			new MutationObserver((records) => {
				for (const r of records) {
					if (r.type === 'characterData') scan(r.target.data);
					else for (const n of r.addedNodes) scan(n.textContent || '');
				}
			}).observe(document, { childList: true, subtree: true, characterData: true });
		})()`);
		// The first few are not measured: the first form opened and the first entry written load
		// and build what they need once (under load the very first took over 10 s).
		for (let i = -WARM_UP_LOGS; i < 0; i++) await logOne(i, []);
		// While both devices still fetch the workspace's old months (new devices, as here); then,
		// once both hold the whole workspace (colleagues' devices in use: the budget's case).
		const filling: LogTiming[] = [];
		await profiled(a, 'filling-sender', () =>
			profiled(b, 'filling-receiver', async () => {
				for (let i = 0; i < FILLING_LOGS && !(await whole(a, b)); i++) await logOne(i, filling);
			})
		);
		started = performance.now();
		await Promise.all([a, b].map((p) => deviceWhole(p)));
		progress(
			`${filling.length} logs while filling; both devices whole ${((performance.now() - started) / 1000).toFixed(1)} s later`
		);
		const timings: LogTiming[] = [];
		// BENCH_PROFILE: both pages' profiles over the measured logs (log-sender, log-receiver).
		await profiled(a, 'log-sender', () =>
			profiled(b, 'log-receiver', async () => {
				for (let i = 0; i < logs; i++) await logOne(FILLING_LOGS + i, timings);
			})
		);
		async function logOne(i: number, into: LogTiming[]): Promise<void> {
			const marker = `Log-${String(i + WARM_UP_LOGS).padStart(4, '0')}`;
			await a.getByRole('button', { name: 'Log interaction' }).click();
			const subject = a.getByLabel('Subject', { exact: true });
			await subject.fill(marker);
			await subject.press('Enter'); // Enter saves, as a person logging a call does
			await b
				.waitForFunction(`window.__seen[${JSON.stringify(marker)}] !== undefined`, undefined, {
					polling: 'raf',
					timeout: i < 0 ? 60_000 : 10_000
				})
				.catch(() => {
					throw new Error(`interaction ${marker} logged in A never showed in B in time`);
				});
			await a.getByRole('dialog').waitFor({ state: 'hidden', timeout: 5_000 });
			const [sentAt, sends] = (await a.evaluate(
				`[window.__sent[${JSON.stringify(marker)}], window.__ws.frames]`
			)) as [number | undefined, Frame[]];
			const [seen, recvs] = (await b.evaluate(
				`[window.__seen[${JSON.stringify(marker)}], window.__ws.frames]`
			)) as [number, Frame[]];
			if (sentAt === undefined) throw new Error(`browser A fired no submit for ${marker}`);
			if (i < 0) return;
			const isUpdate = (f: Frame, dir: Frame[1], after: number) =>
				f[1] === dir && f[4] === SYNC_UPDATE && f[0] >= after;
			const sent = sends.find((f) => isUpdate(f, 'out', sentAt))?.[0] ?? NaN;
			const received = recvs.find((f) => isUpdate(f, 'in', sent))?.[0] ?? NaN;
			into.push({
				total: seen - sentAt,
				sender: sent - sentAt,
				relay: received - sent,
				receiver: seen - received
			});
		}
		const lowest = Math.min(...[...timings, ...filling].map((t) => t.total));
		if (lowest < 0) throw new Error(`negative latency (${lowest} ms): the pages' clocks disagree`);
		const p = (
			id: string,
			pct: number,
			budget: number | null,
			of = timings,
			when = 'both devices holding the whole workspace'
		): BenchResult => {
			const totals = of.map((t) => t.total);
			return {
				...summarize(id, 'ms', 'lower', totals, budget),
				median: Math.round(percentile(totals, pct) * 10) / 10,
				note: `p${pct} over ${totals.length} interactions: a call logged in browser A (the form submitted with Enter) until its entry is in browser B's timeline, both on ${person.name}'s page of the 10k workspace with 100k interactions, through the relay on loopback (pushed in ${(pushMs / 1000).toFixed(1)} s), ${when}; min and max are of all`
			};
		};
		const whileFilling = 'while both new devices still fetch old months onto the device';
		const PARTS = {
			sender: "A's share: submit until its websocket sent the first update",
			relay: "A's send until B's websocket received an update: loopback and the relay",
			receiver: "B's share: received until the entry is in B's timeline"
		};
		return [
			p('interaction.log_to_visible.p50', 50, LOG_P50_BUDGET_MS),
			p('interaction.log_to_visible.p99', 99, LOG_P99_BUDGET_MS),
			...(filling.length === 0
				? []
				: [
						p('interaction.log_to_visible.filling.p50', 50, null, filling, whileFilling),
						p('interaction.log_to_visible.filling.p99', 99, null, filling, whileFilling)
					]),
			...(['sender', 'relay', 'receiver'] as const).map((part) =>
				summarize(
					`interaction.log_to_visible.${part}`,
					'ms',
					'lower',
					timings.map((t) => t[part]),
					null,
					undefined,
					PARTS[part]
				)
			)
		];
	} finally {
		for (const c of contexts) await c.close();
	}
}

/** The person's page with their timeline, synced from the relay. */
async function personPage(
	context: BrowserContext,
	relay: RelayProcess,
	person: { id: string; name: string }
): Promise<Page> {
	const page = await context.newPage();
	await page.goto(`${relay.origin}/people/${person.id}`);
	await page.getByRole('heading', { name: person.name }).first().waitFor({ timeout: 180_000 });
	await page.getByRole('heading', { name: /^Timeline \(\d+\)$/ }).waitFor({ timeout: 60_000 });
	return page;
}

const WHOLE = `performance.getEntriesByName('crm:device-whole').length > 0`;

/** Whether both pages' devices hold the whole workspace (old months fetched). */
async function whole(...pages: Page[]): Promise<boolean> {
	const held = await Promise.all(pages.map((page) => page.evaluate(WHOLE)));
	return held.every(Boolean);
}

/** Waits until the page's device holds the whole workspace (its old months fetched), ≤ 5 min. */
async function deviceWhole(page: Page): Promise<void> {
	await page.waitForFunction(WHOLE, undefined, { polling: 500, timeout: 300_000 }).catch(() => {
		throw new Error('a device was still fetching old months after 5 min');
	});
}
