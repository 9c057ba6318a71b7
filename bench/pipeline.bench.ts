/**
 * The pipeline at scale (issue #14: "Board and forecast for 2,000 open and 20,000 closed deals:
 * first render ≤ 100 ms; recomputed after one edit ≤ 16 ms; a drag keeps 60 frames per
 * second"), in real Chromium, budgets in README "Performance":
 * - the 10k-people workspace (2k organizations) with 2,000 open and 20,000 closed deals, the
 *   workspace currency and monthly USD/GBP rates (bench/generate-deals.ts), seeded into the
 *   device's database, relay down (as open.bench.ts); the page on the loaded /deals list
 * - the "Board" tab clicked until the frame after every column's first cards are in; the
 *   "Forecast" tab clicked until the frame after the table's rows (and the chart) are in;
 *   back to the list between visits
 * - on the board, a card's "→" button clicked until the frame after it is in the next column
 *   with both columns' counts updated
 * - a real mouse drag (page.mouse: down, 60 small moves over ~1 s, up) of a card two columns to
 *   the right, the page counting its frames (requestAnimationFrame timestamps) and long tasks
 * - on the forecast, a deal's amount changed by a second client (Node: the app's RecordWriter
 *   and WorkspaceSync, another member) through the real relay until the frame after the table
 *   changed
 * Quick mode: 1 page load, 3 visits of each view, 8 moves, 3 drags, no relay part (BENCH_PART=peer
 * runs it); full mode: 5 page loads (each measures the page's first board and first forecast),
 * 10 visits, 24 moves, 12 drags, 24 peer edits. BENCH_LOADS=<n> sets the page loads;
 * BENCH_PART=board|peer runs one part.
 * BENCH_PROFILE=<prefix>: CPU profiles (CDP, 100 µs) of each load's first board and forecast, the
 * later visits, the moves, the drags and the peer edits, written to
 * <prefix>.<first-board-k|first-forecast-k|board|move|drag|peer>.cpuprofile (the profiler's
 * overhead inflates that run's figures; open them in Chromium's DevTools or sum them by function
 * with bench/profile-summary.ts). BENCH_TRACE=<prefix>: Chromium traces of the same parts
 * (devtools.timeline) to <prefix>.<part>.json, for style, layout and paint per frame.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { profiled } from './harness/profile';
import WebSocket from 'ws';
import { layoutOf, readRecord } from '../src/lib/data/layout';
import { isLocalOrigin } from '../src/lib/data/origins';
import { RecordWriter } from '../src/lib/data/record-writer';
import { WorkspaceDocs } from '../src/lib/data/workspace-docs';
import { emptyDeal, type DealFields } from '../src/lib/domain/record-types/deal';
import {
	WorkspaceSync,
	type RelayStatus,
	type WebSocketClass
} from '../src/lib/sync/workspace-sync';
import { SYNC_UPDATE } from '../src/lib/sync/wire';
import { SIZES } from './generate';
import { generateWithDeals, type WorkspaceWithDeals } from './generate-deals';
import {
	BLANK_HTML,
	BLANK_PATH,
	deviceSeedFile,
	launchBrowser,
	newContext,
	profile,
	routeBlank,
	seedDevice
} from './harness/browser';
import { BUILD_DIR } from './harness/paths';
import { startRelay, type RelayProcess } from './harness/relay-process';
import { pushToRelay } from './harness/relay-seed';
import { serveStatic, type StaticServer } from './harness/static-server';
import { WEBSOCKET_TAP, type Frame } from './harness/websocket-tap';
import { percentile, summarize, type BenchOptions, type BenchResult } from './result';

const SHOWN_BUDGET_MS = 100;
const EDIT_BUDGET_MS = 16;
/** 60 frames per second on the 60 Hz frame clock: every frame delivered measures 59.9–60.0. */
const FPS_BUDGET = 59.5;
const OPEN_DEALS = 2_000;
const CLOSED_DEALS = 20_000;
const DEALS = OPEN_DEALS + CLOSED_DEALS;
const SEED = 42;
const SIZE = '10k';
/** The default pipeline's columns, in order. */
const STAGES = ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'];
const FRAME_MS = 1000 / 60;
/** How long a drag holds the card over its target column before the drop. */
const HOLD_MS = 300;

const count = (n: number) => n.toLocaleString('en-US');

function progress(message: string): void {
	process.stderr.write(`pipeline: ${message}\n`);
}

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	const part = process.env.BENCH_PART;
	const results: BenchResult[] = [];
	const started = performance.now();
	const w = generateWithDeals({
		...SIZES[SIZE],
		seed: SEED,
		now: Date.now(),
		open: OPEN_DEALS,
		closed: CLOSED_DEALS
	});
	let bytes = 0;
	for (const u of w.updates.values()) bytes += u.length;
	const d = w.deals;
	const shape = `${count(SIZES[SIZE].people)} people, ${count(SIZES[SIZE].organizations)} organizations, ${count(d.open)} open deals (${STAGES.slice(
		0,
		4
	)
		.map((s) => `${s} ${d.perStage[s]}`)
		.join(
			', '
		)}; ${d.pastClose} past their close date) and ${count(d.won + d.lost)} closed (${count(d.won)} won, ${count(d.lost)} lost) over two years, ${Object.entries(
		d.currencies
	)
		.map(([c, n]) => `${c} ${count(n)}`)
		.join(
			' / '
		)}, ${d.rates} rates, 10 owners; ${w.updates.size} documents, ${(bytes / 1e6).toFixed(1)} MB`;
	progress(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s: ${shape}`);
	const browser = await launchBrowser();
	try {
		if (part !== 'peer') {
			const server = await serveStatic(BUILD_DIR);
			try {
				results.push(
					...(await boardPart(browser, server, w, shape, {
						loads: Number(process.env.BENCH_LOADS ?? (quick ? 1 : 5)),
						visits: quick ? 3 : 10,
						moves: quick ? 8 : 24,
						drags: quick ? 3 : 12
					}))
				);
			} finally {
				await server.close();
			}
		}
		if (part === 'peer' || (part !== 'board' && !quick)) {
			const relay = await startRelay();
			try {
				results.push(...(await peerPart(browser, relay, w, shape, quick ? 10 : 24)));
			} finally {
				await relay.stop();
			}
		}
		return results;
	} catch (err) {
		throw Object.assign(err instanceof Error ? err : new Error(String(err)), { results });
	} finally {
		await browser.close();
	}
}

/**
 * In-page helpers. A click is the element's click() at a known performance.now(); "painted" is
 * a task queued from the next animation frame after the condition held in the DOM (the frame
 * showing the change has been produced by then).
 */
const PAGE_HELPERS = `(() => {
	const column = (stage) => document.querySelector('section.column[aria-labelledby$="-' + stage + '"]');
	window.__pb = {
		column,
		countOf(stage) {
			const c = column(stage);
			return c ? Number(c.querySelector('.count').textContent.trim()) : NaN;
		},
		/**
		 * Clicks el; resolves [in the DOM, painted] ms when check() holds. With later(), window.__pb.later
		 * is the same for when later() holds (what follows the first frame).
		 */
		clickUntil(el, check, timeoutMs, later) {
			let laterDone;
			window.__pb.later = later ? new Promise((resolve) => (laterDone = resolve)) : null;
			return new Promise((resolve, reject) => {
				let done = false;
				let doneLater = !later;
				const painted = (seen, settle) =>
					requestAnimationFrame(() => setTimeout(() => settle([seen - t0, performance.now() - t0]), 0));
				const finish = () => {
					if (!done && check()) {
						done = true;
						clearTimeout(timer);
						painted(performance.now(), resolve);
					}
					if (done && !doneLater && later()) {
						doneLater = true;
						painted(performance.now(), laterDone);
					}
					if (done && doneLater) observer.disconnect();
				};
				const observer = new MutationObserver(finish);
				observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
				const timer = setTimeout(() => { observer.disconnect(); reject(new Error('not within ' + timeoutMs + ' ms')); }, timeoutMs);
				const t0 = performance.now();
				el.click();
				finish();
			});
		},
		tab(name) {
			return [...document.querySelectorAll('nav.views a')].find((a) => a.textContent.trim() === name);
		},
		boardShown() {
			const cols = document.querySelectorAll('section.column');
			if (cols.length < ${STAGES.length}) return false;
			for (const c of cols) if (!c.querySelector('ul li[data-deal]')) return false;
			return true;
		},
		/** Every column has its first 40 cards (or all it has) in the DOM. */
		boardComplete() {
			const cols = document.querySelectorAll('section.column');
			if (cols.length < ${STAGES.length}) return false;
			for (const c of cols) {
				const n = Number(c.querySelector('.count').textContent.trim());
				if (c.querySelectorAll('ul li[data-deal]').length < Math.min(40, n)) return false;
			}
			return true;
		},
		forecastShown() {
			const rows = document.querySelectorAll('table[aria-label^="Forecast"] tbody tr');
			const canvas = document.querySelector('.chart canvas');
			// chart.js sets the canvas up (display: block, its size) when it draws it.
			return rows.length > 0 && canvas !== null && canvas.style.display === 'block' && canvas.width > 0;
		},
		/** Frames and long tasks from now until stop(): rAF timestamps, PerformanceObserver. */
		watchFrames() {
			const state = { frames: [], longTasks: [], running: true };
			const tick = (t) => { if (!state.running) return; state.frames.push(t); requestAnimationFrame(tick); };
			requestAnimationFrame(tick);
			const po = new PerformanceObserver((list) => {
				for (const e of list.getEntries()) state.longTasks.push([e.startTime, e.duration]);
			});
			po.observe({ type: 'longtask' });
			window.__frames = state;
			state.stop = () => { state.running = false; po.disconnect(); };
		}
	};
})()`;

const LIST_READY = (n: number) => `(() => {
	const statuses = [...document.querySelectorAll('[role="status"]')];
	return statuses.some((s) => s.textContent.trim() === ${JSON.stringify(`${count(n)} deals`)})
		&& document.querySelector('[role="table"] [role="row"] a[href]') !== null
		&& performance.getEntriesByName('crm:doc-loaded', 'mark').length > 0;
})()`;

interface DragSample {
	fps: number;
	longestGap: number;
	dropped: number;
	frames: number;
	durationMs: number;
	longTasks: number;
	longestTask: number;
	landed: boolean;
}

async function toList(page: Page): Promise<void> {
	await page.evaluate(`window.__pb.tab('List').click()`);
	await page.waitForFunction(LIST_READY(DEALS), undefined, { timeout: 60_000, polling: 50 });
	await page.waitForTimeout(400);
}

/** A new page on the seeded device's /deals, loaded and quiet, with the helpers. */
async function loadList(context: BrowserContext, server: StaticServer): Promise<Page> {
	const page = await context.newPage();
	const t = performance.now();
	await page.goto(server.origin + '/deals');
	await page.waitForFunction(LIST_READY(DEALS), undefined, { timeout: 180_000, polling: 100 });
	await page.waitForTimeout(2_000); // the row cache written, the device quiet
	progress(`the deals list is loaded after ${((performance.now() - t) / 1000).toFixed(1)} s`);
	await page.evaluate(PAGE_HELPERS);
	return page;
}

/** The "Board" tab clicked: [in the DOM, painted, all first cards painted] ms; counts checked. */
async function showBoard(page: Page): Promise<[number, number, number]> {
	const [dom, painted] = (await page.evaluate(
		`window.__pb.clickUntil(window.__pb.tab('Board'), () => window.__pb.boardShown(), 30000, () => window.__pb.boardComplete())`
	)) as [number, number];
	const [, all] = (await page.evaluate('window.__pb.later')) as [number, number];
	const counts = (await page.evaluate(
		`${JSON.stringify(STAGES)}.map((s) => window.__pb.countOf(s))`
	)) as number[];
	if (counts.reduce((a, c) => a + c, 0) !== DEALS)
		throw new Error(`the board counts ${counts.join('/')} deals, not ${DEALS}`);
	return [dom, painted, all];
}

/** The "Forecast" tab clicked: [in the DOM, painted] ms. */
async function showForecast(page: Page): Promise<[number, number]> {
	return (await page.evaluate(
		`window.__pb.clickUntil(window.__pb.tab('Forecast'), () => window.__pb.forecastShown(), 30000)`
	)) as [number, number];
}

async function boardPart(
	browser: Browser,
	server: StaticServer,
	w: WorkspaceWithDeals,
	shape: string,
	n: { loads: number; visits: number; moves: number; drags: number }
): Promise<BenchResult[]> {
	const seed = deviceSeedFile(w.updates);
	server.put('/__bench/deals.bin', seed.body);
	server.put(BLANK_PATH, BLANK_HTML);
	const workspaceId = 'bench-pipeline-10k';
	const context = await newContext(browser);
	try {
		const setup = await context.newPage();
		await setup.goto(server.origin + BLANK_PATH);
		await seedDevice(setup, {
			profile: profile({
				workspaceId,
				memberId: w.memberIds[0],
				memberName: w.memberNames[0],
				knownRecords: SIZES[SIZE].people + SIZES[SIZE].organizations + DEALS
			}),
			seed: { url: '/__bench/deals.bin', docs: seed.docs }
		});
		await setup.close();
		// The page's first board and first forecast, on fresh page loads of the seeded device (the
		// first load builds the rows from the documents, later ones paint from the row cache).
		const boardFirsts: number[] = [];
		const forecastFirsts: number[] = [];
		let page: Page | null = null;
		for (let k = 0; k < n.loads; k++) {
			await page?.close();
			page = await loadList(context, server);
			const [, b] = await profiled(page, `first-board-${k}`, () => showBoard(page!));
			await toList(page);
			const [, f] = await profiled(page, `first-forecast-${k}`, () => showForecast(page!));
			await toList(page);
			boardFirsts.push(b);
			forecastFirsts.push(f);
		}
		if (!page) throw new Error('no page load');

		// Later renders of the board and of the forecast, from the loaded list.
		const board: number[] = [];
		const boardDom: number[] = [];
		const boardAll: number[] = [];
		const forecast: number[] = [];
		const forecastDom: number[] = [];
		await profiled(page, 'board', async () => {
			for (let i = 0; i < n.visits; i++) {
				const [bDom, b, bAll] = await showBoard(page);
				await toList(page);
				const [fDom, f] = await showForecast(page);
				await toList(page);
				board.push(b);
				boardDom.push(bDom);
				boardAll.push(bAll);
				forecast.push(f);
				forecastDom.push(fDom);
			}
		});
		progress(
			`board ${boardFirsts.map((x) => x.toFixed(0)).join('/')} first, then ${board.map((x) => x.toFixed(0)).join('/')} ms (all cards ${boardAll.map((x) => x.toFixed(0)).join('/')}); forecast ${forecastFirsts.map((x) => x.toFixed(0)).join('/')} first, then ${forecast.map((x) => x.toFixed(0)).join('/')} ms`
		);

		// A card moved on with its "→" button: the first card of Lead, into Qualified.
		await page.evaluate(`window.__pb.tab('Board').click()`);
		await page.waitForFunction('window.__pb.boardShown()', undefined, { timeout: 30_000 });
		await page.waitForTimeout(1_000);
		const moves: number[] = [];
		const movesDom: number[] = [];
		await profiled(page, 'move', async () => {
			for (let i = 0; i < n.moves + 2; i++) {
				const [dom, painted] = (await page.evaluate(`(() => {
				const pb = window.__pb;
				const li = pb.column('lead').querySelector('ul li[data-deal]');
				const id = li.dataset.deal;
				const button = [...li.querySelectorAll('.moves button')].find((b) => b.textContent.trim() === 'Qualified →');
				if (!button) throw new Error('no → button');
				const lead = pb.countOf('lead');
				const qualified = pb.countOf('qualified');
				return pb.clickUntil(button, () =>
					pb.column('qualified').querySelector('li[data-deal="' + id + '"]') !== null &&
					!pb.column('lead').querySelector('li[data-deal="' + id + '"]') &&
					pb.countOf('lead') === lead - 1 && pb.countOf('qualified') === qualified + 1, 10000);
			})()`)) as [number, number];
				if (i >= 2) {
					// The first two warm the path up (the first write of a page).
					moves.push(painted);
					movesDom.push(dom);
				}
				await page.waitForTimeout(400);
			}
		});
		progress(`moves: ${moves.map((x) => x.toFixed(0)).join('/')} ms`);

		// Mouse drags of the first Qualified card to Negotiation, two columns on.
		const drags: DragSample[] = [];
		await profiled(page, 'drag', async () => {
			for (let i = 0; i < n.drags; i++) drags.push(await drag(page));
		});
		progress(
			`drags: ${drags.map((s) => `${s.fps.toFixed(0)} fps (gap ${s.longestGap.toFixed(0)}, ${s.dropped} dropped${s.landed ? '' : ', NOT landed'})`).join('; ')}`
		);

		const loadsNote = `${n.loads} page loads of the seeded device (the first builds the rows from the documents, the others paint from the row cache), each the "Board" tab, the list, the "Forecast" tab`;
		const visitsNote = `${n.visits} visits after the page's first, back to the list between them`;
		const fromList = `from the loaded /deals list (${count(DEALS)} deals)`;
		const landed = drags.filter((s) => s.landed).length;
		return [
			summarize(
				'pipeline.board.shown',
				'ms',
				'lower',
				board,
				SHOWN_BUDGET_MS,
				undefined,
				`${fromList}, the "Board" tab clicked until the frame after every column's first cards are in (6 columns, 40 cards each at most); ${visitsNote}; ${shape}`
			),
			p95('pipeline.board.shown.p95', board, 'the same'),
			summarize(
				'pipeline.board.shown.dom',
				'ms',
				'lower',
				boardDom,
				null,
				undefined,
				'the same click until the cards are in the DOM'
			),
			summarize(
				'pipeline.board.shown.all_cards',
				'ms',
				'lower',
				boardAll,
				null,
				undefined,
				"the same click until the frame after every column has its first 40 cards (or all it has): the cards below a column's fold come after the first frame"
			),
			summarize(
				'pipeline.board.shown.first',
				'ms',
				'lower',
				boardFirsts,
				SHOWN_BUDGET_MS,
				undefined,
				`the page's first board: ${loadsNote}`
			),
			summarize(
				'pipeline.forecast.shown',
				'ms',
				'lower',
				forecast,
				SHOWN_BUDGET_MS,
				undefined,
				`${fromList}, the "Forecast" tab clicked until the frame after the table's rows are in and chart.js has drawn the chart; ${visitsNote}`
			),
			p95('pipeline.forecast.shown.p95', forecast, 'the same'),
			summarize(
				'pipeline.forecast.shown.dom',
				'ms',
				'lower',
				forecastDom,
				null,
				undefined,
				'the same click until the table and chart are in the DOM'
			),
			summarize(
				'pipeline.forecast.shown.first',
				'ms',
				'lower',
				forecastFirsts,
				SHOWN_BUDGET_MS,
				undefined,
				`the page's first forecast, after its first board: ${loadsNote}`
			),
			...edits(
				'pipeline.board.move',
				moves,
				`on the board, the first Lead card's "Qualified →" button clicked until the frame after the card is in the Qualified column and both columns' counts changed; 0.4 s apart, after 2 unmeasured`
			),
			summarize(
				'pipeline.board.move.dom',
				'ms',
				'lower',
				movesDom,
				null,
				undefined,
				'the same click until the DOM has the change'
			),
			summarize(
				'pipeline.board.drag.fps',
				'fps',
				'higher',
				drags.map((s) => s.fps),
				FPS_BUDGET,
				undefined,
				`frames per second during a mouse drag (page.mouse: down on the first Qualified card, 60 moves over ~1 s to the Negotiation column, held there ${HOLD_MS} ms, up), counted from requestAnimationFrame timestamps between the first and the last frame of the drag; ${drags.length} drags, ${landed} landed in Negotiation`
			),
			summarize(
				'pipeline.board.drag.longest_gap',
				'ms',
				'lower',
				drags.map((s) => s.longestGap),
				null,
				undefined,
				'the longest time between two frames during a drag'
			),
			summarize(
				'pipeline.board.drag.dropped',
				'frames',
				'lower',
				drags.map((s) => s.dropped),
				null,
				undefined,
				`frames dropped in a drag: gaps over 1.5 × ${FRAME_MS.toFixed(1)} ms, each counted as the frames it lacks`
			),
			summarize(
				'pipeline.board.drag.longest_task',
				'ms',
				'lower',
				drags.map((s) => s.longestTask),
				null,
				undefined,
				`the longest main-thread task (long-task observer, > 50 ms; 0: none) from the mouse down until 0.3 s after the drop; ${drags.reduce((a, s) => a + s.longTasks, 0)} long tasks in all`
			)
		];
	} finally {
		await context.close();
	}
}

/** One mouse drag of the first Qualified card into Negotiation, its frames counted. */
async function drag(page: Page): Promise<DragSample> {
	const [from, to, id, before] = (await page.evaluate(`(() => {
		const pb = window.__pb;
		const li = pb.column('qualified').querySelector('ul li[data-deal]');
		const card = li.getBoundingClientRect();
		const target = pb.column('negotiation').querySelector('ul').getBoundingClientRect();
		// A point on the card away from its link and buttons: the right end of its second line.
		return [[card.right - 12, card.top + 28], [target.left + target.width / 2, target.top + Math.min(200, target.height / 2)],
			li.dataset.deal, pb.countOf('negotiation')];
	})()`)) as [[number, number], [number, number], string, number];
	await page.mouse.move(from[0], from[1]);
	await page.waitForTimeout(100);
	await page.evaluate('window.__pb.watchFrames()');
	const downAt = (await page.evaluate('performance.now()')) as number;
	await page.mouse.down();
	const steps = 60;
	const started = Date.now();
	for (let i = 1; i <= steps; i++) {
		const f = i / steps;
		await page.mouse.move(from[0] + (to[0] - from[0]) * f, from[1] + (to[1] - from[1]) * f);
		// ~1 s in all: wait out what is left of this step's 16.7 ms.
		const due = started + i * FRAME_MS;
		const wait = due - Date.now();
		if (wait > 1) await page.waitForTimeout(wait);
	}
	// Held over the column a moment before the drop, as a hand does: svelte-dnd-action finds
	// the zone under the card by polling, and a release within that period drops nowhere.
	await page.waitForTimeout(HOLD_MS);
	const upAt = (await page.evaluate('performance.now()')) as number;
	await page.mouse.up();
	await page.waitForTimeout(300);
	const state = (await page.evaluate(`(() => {
		const s = window.__frames; s.stop();
		return { frames: s.frames, longTasks: s.longTasks };
	})()`)) as { frames: number[]; longTasks: [number, number][] };
	const frames = state.frames.filter((t) => t >= downAt && t <= upAt);
	let longestGap = 0;
	let dropped = 0;
	for (let i = 1; i < frames.length; i++) {
		const gap = frames[i] - frames[i - 1];
		longestGap = Math.max(longestGap, gap);
		if (gap > 1.5 * FRAME_MS) dropped += Math.round(gap / FRAME_MS) - 1;
	}
	const span = frames.length > 1 ? frames[frames.length - 1] - frames[0] : NaN;
	const tasks = state.longTasks.filter(([start]) => start >= downAt);
	const landed = (await page
		.waitForFunction(
			`window.__pb.column('negotiation').querySelector('li[data-deal="${id}"]') !== null || window.__pb.countOf('negotiation') === ${before + 1}`,
			undefined,
			{ timeout: 3_000 }
		)
		.then(() => true)
		.catch(() => false)) as boolean;
	await page.waitForTimeout(400);
	return {
		fps: ((frames.length - 1) / span) * 1000,
		longestGap,
		dropped,
		frames: frames.length,
		durationMs: upAt - downAt,
		longTasks: tasks.length,
		longestTask: Math.max(0, ...tasks.map(([, d]) => d)),
		landed
	};
}

/**
 * The workspace on the relay; page A (the member) on the forecast, synced; a second client, in
 * Node, changes open deals' amounts; each until the frame after A's forecast table changed.
 */
async function peerPart(
	browser: Browser,
	relay: RelayProcess,
	w: WorkspaceWithDeals,
	shape: string,
	n: number
): Promise<BenchResult[]> {
	const created = await relay.createWorkspace('Pipeline benchmark');
	let started = performance.now();
	await pushToRelay({ relayOrigin: relay.origin, ...created, updates: w.updates });
	const pushMs = performance.now() - started;
	progress(`pushed ${w.updates.size} documents to the relay in ${(pushMs / 1000).toFixed(1)} s`);

	const docs = new WorkspaceDocs();
	let onStatus: (s: RelayStatus) => void = () => {};
	const sync = new WorkspaceSync({
		relayUrl: relay.origin,
		workspaceId: created.workspaceId,
		token: created.token,
		WebSocket: WebSocket as unknown as WebSocketClass,
		storage: null,
		isLocalOrigin,
		onStatus: (s) => onStatus(s)
	});
	const stopDocs = docs.onDoc((name, doc) => sync.add(name, doc));
	const context = await newContext(browser);
	try {
		started = performance.now();
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('the second client never synced')), 300_000);
			onStatus = (s) => {
				if (s.status === 'synced') {
					clearTimeout(timer);
					resolve();
				}
			};
			onStatus(sync.status);
		});
		docs.openListed();
		await sync.allSynced();
		const layout = layoutOf(docs);
		progress(
			`second client synced ${[...docs.entries()].length} documents (${layout.collections.deals.size} deals) in ${((performance.now() - started) / 1000).toFixed(1)} s`
		);
		// Open deals in the forecast: an open stage, a close date, an amount, not omitted.
		const targets: { id: string; amount: number }[] = [];
		layout.collections.deals.forEach((map, id) => {
			const r = readRecord(map);
			if (
				STAGES.slice(0, 4).includes(r.stage as string) &&
				typeof r.expectedCloseAt === 'number' &&
				typeof r.amount === 'number' &&
				r.currency === 'EUR' &&
				r.forecastCategory !== 'omitted' &&
				r.ownerId !== null
			)
				targets.push({ id, amount: r.amount });
		});

		const memberId = w.memberIds[0];
		await routeBlank(context, relay.origin);
		const setup = await context.newPage();
		await setup.goto(relay.origin + BLANK_PATH);
		const file = deviceSeedFile(w.updates);
		await context.route(relay.origin + '/__bench/deals.bin', (route) =>
			route.fulfill({ status: 200, contentType: 'application/octet-stream', body: file.body })
		);
		await seedDevice(setup, {
			profile: profile({
				...created,
				memberId,
				memberName: w.memberNames[0],
				knownRecords: SIZES[SIZE].people + SIZES[SIZE].organizations + DEALS
			}),
			seed: { url: '/__bench/deals.bin', docs: file.docs }
		});
		await setup.close();
		await context.addInitScript({ content: WEBSOCKET_TAP });
		const page = await context.newPage();
		started = performance.now();
		await page.goto(`${relay.origin}/deals?view=forecast`);
		await page
			.locator('table[aria-label^="Forecast"] tbody tr')
			.first()
			.waitFor({ timeout: 180_000 });
		await quiet(page);
		progress(
			`A's forecast is shown and quiet after ${((performance.now() - started) / 1000).toFixed(1)} s`
		);
		await page.evaluate(`(() => {
			const table = document.querySelector('table[aria-label^="Forecast"]');
			const state = (window.__peer = { seen: null, painted: null, chart: null });
			// The chart's redraw: chart.js clears its canvas as it draws.
			const clear = CanvasRenderingContext2D.prototype.clearRect;
			CanvasRenderingContext2D.prototype.clearRect = function (...args) {
				if (state.chart === null && this.canvas.closest('.chart'))
					state.chart = performance.timeOrigin + performance.now();
				return clear.apply(this, args);
			};
			new MutationObserver(() => {
				if (state.seen !== null) return;
				state.seen = performance.timeOrigin + performance.now();
				requestAnimationFrame(() => setTimeout(() => (state.painted = performance.timeOrigin + performance.now()), 0));
			}).observe(table, { childList: true, subtree: true, characterData: true });
		})()`);

		const author = { memberId: w.memberIds[1], now: () => Date.now() };
		const writer = new RecordWriter<DealFields>(layout.collections.deals, author, emptyDeal);
		const timings: {
			total: number;
			relay: number;
			receiver: number;
			dom: number;
			chart: number;
		}[] = [];
		const warmUp = 2;
		await profiled(page, 'peer', async () => {
			for (let i = -warmUp; i < n; i++) {
				const target = targets[((i + warmUp) * 37) % targets.length];
				await page.evaluate(
					'window.__peer.seen = null; window.__peer.painted = null; window.__peer.chart = null;'
				);
				const sentAt = performance.timeOrigin + performance.now();
				writer.update(target.id, { amount: target.amount + 25_000 * (1 + (i & 3)) });
				await page
					.waitForFunction('window.__peer.painted !== null', undefined, {
						polling: 'raf',
						timeout: i < 0 ? 60_000 : 10_000
					})
					.catch(() => {
						throw new Error(
							`the second client's edit of ${target.id} never showed in A's forecast`
						);
					});
				// The chart follows the table (a frame later, when its figures changed).
				const chart = await page
					.waitForFunction('window.__peer.chart', undefined, {
						polling: 'raf',
						timeout: 2_000
					})
					.then((h) => h.jsonValue() as Promise<number>)
					.catch(() => NaN);
				const [seen, painted, frames] = (await page.evaluate(
					// Only the frames since the write: serializing all (the sync's ~2,400) took ~12 ms of A's CPU.
					`[window.__peer.seen, window.__peer.painted, window.__ws.frames.filter((f) => f[0] >= ${sentAt - 1})]`
				)) as [number, number, Frame[]];
				if (i >= 0) {
					const received =
						frames.find((f) => f[1] === 'in' && f[4] === SYNC_UPDATE && f[0] >= sentAt - 1)?.[0] ??
						NaN;
					timings.push({
						total: painted - sentAt,
						relay: received - sentAt,
						receiver: painted - received,
						dom: seen - sentAt,
						chart: chart - sentAt
					});
				}
				await page.waitForTimeout(400);
			}
		});
		progress(`peer edits: ${timings.map((t) => t.total.toFixed(0)).join('/')} ms`);
		const lowest = Math.min(...timings.map((t) => t.total));
		if (lowest < 0) throw new Error(`negative latency (${lowest} ms): the clocks disagree`);
		return [
			...edits(
				'pipeline.forecast.peer_edit',
				timings.map((t) => t.total),
				`on the forecast (the team, every pipeline, per month), an open deal's amount changed by a second client (Node: the app's RecordWriter and WorkspaceSync, another member) until the frame after A's forecast table changed, through the relay on loopback; ${shape} (pushed in ${(pushMs / 1000).toFixed(1)} s); 0.4 s apart, after ${warmUp} unmeasured`
			),
			// A build that draws the chart in the table's task has no separate figure.
			...(timings.some((t) => !Number.isNaN(t.chart))
				? [
						summarize(
							'pipeline.forecast.peer_edit.chart',
							'ms',
							'lower',
							timings.map((t) => t.chart).filter((t) => !Number.isNaN(t)),
							null,
							undefined,
							`the same write until chart.js redrew the chart (cleared its canvas to draw: painted with that frame); ${timings.filter((t) => Number.isNaN(t.chart)).length} edits left the chart as it was`
						)
					]
				: []),
			summarize(
				'pipeline.forecast.peer_edit.relay',
				'ms',
				'lower',
				timings.map((t) => t.relay),
				null,
				undefined,
				"the write until A's websocket received the update: the second client's send, loopback and the relay"
			),
			summarize(
				'pipeline.forecast.peer_edit.receiver',
				'ms',
				'lower',
				timings.map((t) => t.receiver),
				null,
				undefined,
				"A's share: the update received until the frame after the table changed"
			)
		];
	} finally {
		stopDocs();
		sync.destroy();
		docs.destroy();
		await context.close().catch(() => {});
	}
}

/** The p95 of samples as a figure; min and max are of all. */
function p95(id: string, samples: number[], of: string): BenchResult {
	return {
		...summarize(id, 'ms', 'lower', samples, null),
		median: Math.round(percentile(samples, 95) * 10) / 10,
		note: `p95 over ${samples.length}: ${of}; min and max are of all`
	};
}

/** p50 (with the budget) and p95 of an edit's samples; min and max are of all. */
function edits(id: string, samples: number[], note: string): BenchResult[] {
	const p = (pct: number, budget: number | null): BenchResult => ({
		...summarize(`${id}.p${pct}`, 'ms', 'lower', samples, budget),
		median: Math.round(percentile(samples, pct) * 10) / 10,
		note: `p${pct} over ${samples.length}: ${note}; min and max are of all`
	});
	return [p(50, EDIT_BUDGET_MS), p(95, null)];
}

/** Waits until the page's websockets have received nothing for 3 s, ≤ 3 min. */
async function quiet(page: Page): Promise<void> {
	const deadline = Date.now() + 180_000;
	let last = -1;
	let stableSince = Date.now();
	while (Date.now() < deadline) {
		const frames = (await page.evaluate('window.__ws.frames.length')) as number;
		if (frames !== last) {
			last = frames;
			stableSince = Date.now();
		} else if (Date.now() - stableSince >= 3_000) return;
		await page.waitForTimeout(500);
	}
	progress('the page was still receiving after 3 min; measuring anyway');
}
