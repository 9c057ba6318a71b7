/**
 * Where a warm open's time goes before the list paints, from a Chromium trace of one warm visit
 * of a build: when each of the app's files was requested and arrived, and the main thread's time
 * by kind (compiling and evaluating modules, the app's script, style and layout, GC) up to the
 * painted list, with the app's performance marks. Times are ms from the navigation's request.
 *   node --import tsx bench/open-trace.ts <build> [trace.json]   (BENCH_SIZE=10k|100k, BENCH_WARM=2)
 * On a loaded machine the wall times swing; the order of events and the shares are what it tells.
 */
import { readFileSync, writeFileSync } from 'node:fs';
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
import { serveStatic } from './harness/static-server';

interface TraceEvent {
	name: string;
	ph: string;
	ts: number;
	dur?: number;
	pid: number;
	tid: number;
	args?: { name?: string; data?: { url?: string; requestId?: string } };
}

const [dir, out = '/tmp/open-trace.json'] = process.argv.slice(2);
if (!dir) {
	console.error('usage: node --import tsx bench/open-trace.ts <build> [trace.json]');
	process.exit(2);
}
const size = (process.env.BENCH_SIZE ?? '10k') as keyof typeof SIZES;
const warmVisits = Number(process.env.BENCH_WARM ?? 2);
const generated = generateWorkspace({ ...SIZES[size], interactions: 0, seed: 42 });
const seed = deviceSeedFile(encodeDocs(generated.docs));
generated.docs.destroy();
const countText = `${SIZES[size].people.toLocaleString('en-US')} people`;
const records = SIZES[size].people + SIZES[size].organizations + SIZES[size].deals;
const server = await serveStatic(dir);
server.put('/__bench/seed.bin', seed.body);
server.put(BLANK_PATH, BLANK_HTML);
const browser = await launchBrowser();
try {
	const context = await newContext(browser);
	await watchListReady(context, countText);
	const setup = await context.newPage();
	await setup.goto(server.origin + BLANK_PATH);
	await seedDevice(setup, {
		profile: profile({
			workspaceId: 'bench-open-trace',
			memberId: generated.memberIds[0],
			knownRecords: records
		}),
		seed: { url: '/__bench/seed.bin', docs: seed.docs }
	});
	await setup.close();
	for (let i = 0; i <= warmVisits; i++)
		await visit(context, server.origin, 'bench-open-trace', countText, 120_000);
	const page = await context.newPage();
	await browser.startTracing(page, {
		path: out,
		categories: [
			'devtools.timeline',
			'disabled-by-default-devtools.timeline',
			'v8',
			'v8.execute',
			'blink.user_timing',
			'loading'
		]
	});
	const cdp = process.env.BENCH_PROFILE ? await context.newCDPSession(page) : null;
	if (cdp) {
		await cdp.send('Profiler.enable');
		await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
		await cdp.send('Profiler.start');
	}
	await page.goto(server.origin + '/people');
	const timing = await waitListReady(page, countText, 120_000);
	if (cdp) {
		const { profile } = await cdp.send('Profiler.stop');
		writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(profile));
	}
	await page.waitForTimeout(300);
	await browser.stopTracing();
	await page.close();
	summarize(JSON.parse(readFileSync(out, 'utf8')).traceEvents as TraceEvent[], timing);
} finally {
	await browser.close();
	await server.close();
}
process.exit(0);

function summarize(
	events: TraceEvent[],
	timing: { painted: number; marks: Record<string, number> }
): void {
	const requests = events.filter((e) => e.name === 'ResourceSendRequest');
	const doc = requests.find((e) => e.args?.data?.url?.endsWith('/people'));
	if (!doc) throw new Error('no request of /people in the trace');
	const t0 = doc.ts;
	const ms = (ts: number) => ((ts - t0) / 1000).toFixed(0);
	const finished = new Map(
		events
			.filter((e) => e.name === 'ResourceFinish')
			.map((e) => [e.args?.data?.requestId, e.ts] as const)
	);
	console.log(
		`requests (ms from the navigation's request; painted at ${timing.painted.toFixed(0)} from navigation start):`
	);
	for (const r of requests) {
		const url = r.args?.data?.url ?? '';
		const done = finished.get(r.args?.data?.requestId);
		console.log(
			`  ${ms(r.ts).padStart(6)} → ${done ? ms(done).padStart(6) : '     ?'}  ${url.replace(/^https?:\/\/[^/]+/, '')}`
		);
	}
	console.log(
		'marks:',
		Object.entries(timing.marks)
			.map(([k, v]) => `${k} ${v.toFixed(0)}`)
			.join(', ')
	);
	// The renderer's main thread: the one that ran the document's HTML parse.
	const parse = events.find((e) => e.name === 'ParseHTML');
	if (!parse) return;
	const main = events.filter(
		(e) => e.pid === parse.pid && e.tid === parse.tid && e.ph === 'X' && e.dur
	);
	const end = t0 + timing.painted * 1000 + 50_000; // a margin: the two clocks differ slightly
	const self = new Map<string, number>();
	const stack: TraceEvent[] = [];
	const sorted = main.filter((e) => e.ts < end).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
	for (const e of sorted) {
		while (stack.length && stack.at(-1)!.ts + stack.at(-1)!.dur! <= e.ts) stack.pop();
		const parent = stack.at(-1);
		if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.dur!);
		self.set(e.name, (self.get(e.name) ?? 0) + e.dur!);
		stack.push(e);
	}
	const busy = sorted.filter((e) => e.name === 'RunTask').reduce((s, e) => s + e.dur!, 0);
	console.log(
		`main thread until painted: ${(busy / 1000).toFixed(0)} ms in tasks; self time by kind:`
	);
	for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 18))
		console.log(`  ${(us / 1000).toFixed(1).padStart(7)}  ${name}`);
	const long = sorted.filter((e) => e.name === 'RunTask').sort((a, b) => b.dur! - a.dur!);
	console.log(
		'longest tasks (start ms, duration):',
		long
			.slice(0, 8)
			.map((e) => `${ms(e.ts)}+${(e.dur! / 1000).toFixed(0)}`)
			.join(' ')
	);
}
