/**
 * The warm open of two builds in one run, visits alternated (A B, B A, …): on a shared, loaded
 * machine absolute times swing 2–3× between minutes, so a change is judged by the ratio of the
 * two builds' times visit by visit, not against a figure measured at another time.
 *   node --import tsx bench/open-ab.ts <buildA> <buildB>   (BENCH_RUNS=12, BENCH_SIZE=10k|100k,
 *   BENCH_TIMEOUT=ms per visit: 60 s at 10k, 180 s at 100k)
 * Each build is served on its own origin, so each has its own device storage: the same seeded
 * workspace, one cold visit (it writes the row cache), then the warm visits. Prints, per build,
 * navigation → painted list, the app's own part (painted − crm:open-started) and the kB of
 * JavaScript the page requested before the paint (decoded sizes from Resource Timing), and the
 * B/A ratios per pair; nothing is written to bench/results.json.
 */
import { loadavg } from 'node:os';
import type { BrowserContext, Page } from '@playwright/test';
import { encodeDocs } from '../src/lib/data/docs-testing';
import { generateWorkspace, SIZES } from './generate';
import {
	BLANK_HTML,
	BLANK_PATH,
	deviceSeedFile,
	launchBrowser,
	newContext,
	profile,
	seedDevice,
	waitListReady,
	watchListReady
} from './harness/browser';
import { visit } from './harness/list-visit';
import { serveStatic, type StaticServer } from './harness/static-server';

const SEED_PATH = '/__bench/seed.bin';
const WORKSPACE = 'bench-open-ab';

interface Side {
	dir: string;
	server: StaticServer;
	context: BrowserContext;
	painted: number[];
	own: number[];
	jsKb: number[];
}

const dirs = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (dirs.length !== 2) {
	console.error('usage: node --import tsx bench/open-ab.ts <buildA> <buildB>');
	process.exit(2);
}
const runs = Number(process.env.BENCH_RUNS ?? 12);
const size = (process.env.BENCH_SIZE ?? '10k') as keyof typeof SIZES;
const timeout = Number(process.env.BENCH_TIMEOUT ?? (size === '100k' ? 180_000 : 60_000));
const generated = generateWorkspace({ ...SIZES[size], interactions: 0, seed: 42 });
const seed = deviceSeedFile(encodeDocs(generated.docs));
generated.docs.destroy();
const countText = `${SIZES[size].people.toLocaleString('en-US')} people`;
const records = SIZES[size].people + SIZES[size].organizations + SIZES[size].deals;
const browser = await launchBrowser();
const sides: Side[] = [];
try {
	for (const dir of dirs) {
		const server = await serveStatic(dir);
		server.put(SEED_PATH, seed.body);
		server.put(BLANK_PATH, BLANK_HTML);
		const context = await newContext(browser);
		await watchListReady(context, countText);
		const setup = await context.newPage();
		await setup.goto(server.origin + BLANK_PATH);
		await seedDevice(setup, {
			profile: profile({
				workspaceId: WORKSPACE,
				memberId: generated.memberIds[0],
				knownRecords: records
			}),
			seed: { url: SEED_PATH, docs: seed.docs }
		});
		await setup.close();
		const cold = await visit(context, server.origin, WORKSPACE, countText, timeout);
		if (!cold.cacheSaved) throw new Error(`${dir}: the first visit wrote no row cache`);
		sides.push({ dir, server, context, painted: [], own: [], jsKb: [] });
	}
	const loads = [loadavg()[0]];
	for (let i = 0; i < runs; i++) {
		for (const side of i % 2 ? [...sides].reverse() : sides) {
			const page = await side.context.newPage();
			await page.goto(side.server.origin + '/people');
			const timing = await waitListReady(page, countText, timeout);
			side.jsKb.push(await scriptKbBefore(page, timing.painted));
			await page.close();
			side.painted.push(timing.painted);
			side.own.push(timing.painted - (timing.marks['crm:open-started'] ?? NaN));
		}
		loads.push(loadavg()[0]);
	}
	for (const { dir, painted, own, jsKb } of sides) {
		console.log(
			`${dir}: painted ${spread(painted)}; painted − open-started ${spread(own)}; JS requested before the paint ${spread(jsKb)} kB`
		);
	}
	const [a, b] = sides;
	console.log(
		`B/A per pair, painted: ${spread(
			b.painted.map((v, i) => v / a.painted[i]),
			3
		)}`
	);
	console.log(
		`B/A per pair, app's part: ${spread(
			b.own.map((v, i) => v / a.own[i]),
			3
		)}`
	);
	console.log(`load average (1 min) during the run: ${loads.map((l) => l.toFixed(1)).join(' ')}`);
} finally {
	await browser.close();
	for (const side of sides) await side.server.close();
}
process.exit(0);

/** kB (decoded) of the scripts the page requested before `painted` (ms since navigation). */
async function scriptKbBefore(page: Page, painted: number): Promise<number> {
	const bytes = (await page.evaluate(`performance.getEntriesByType('resource')
		.filter((r) => /\\.m?js(\\?|$)/.test(r.name) && r.startTime < ${painted})
		.reduce((sum, r) => sum + r.decodedBodySize, 0)`)) as number;
	return bytes / 1000;
}

/** Median (min–max). */
function spread(values: number[], digits = 0): string {
	const sorted = [...values].sort((x, y) => x - y);
	const median = sorted[Math.floor(sorted.length / 2)];
	const f = (v: number) => v.toFixed(digits);
	return `${f(median)} (${f(sorted[0])}–${f(sorted[sorted.length - 1])}, ${values.length})`;
}
