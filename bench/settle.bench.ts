/**
 * A device's first settling pass (src/lib/data/settled-records.ts) over a workspace's years of
 * records, in real Chromium against the REAL relay on loopback: the generator's workspace of
 * 10k people with BENCH_TASKS tasks (default 100k, 10k with --quick; ~94 % done long ago) pushed to the relay as
 * written (nobody settled them yet), then a new device syncs it, lists its people, and 20 s later
 * settles in the background. Measured: how long the pass takes (from its start to the end of
 * the pass that ends whole), how many records it settles, the main thread's tasks over 50 ms
 * meanwhile, and the relay's CPU.
 *   node --import tsx bench/run-one.ts bench/settle.bench.ts out.json
 */
import { generateWithTasks } from './generate-tasks';
import { SIZES } from './generate';
import {
	BLANK_PATH,
	launchBrowser,
	longTasksSince,
	longestTaskAfter,
	newContext,
	profile,
	routeBlank,
	seedDevice,
	waitListReady,
	watchListReady
} from './harness/browser';
import { startRelay } from './harness/relay-process';
import { pushToRelay } from './harness/relay-seed';
import { summarize, type BenchOptions, type BenchResult } from './result';

const PASS_LIMIT_MS = 15 * 60_000;

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	// Quick: 10k tasks (a pass of ~15 s), for `npm run bench -- --quick`'s 100 s a module.
	const tasks = Number(process.env.BENCH_TASKS) || (quick ? 10_000 : 100_000);
	const relay = await startRelay({ WORKSPACE_IDLE_MS: '1000' });
	const browser = await launchBrowser();
	try {
		const w = generateWithTasks({ ...SIZES['10k'], seed: 42, tasks, now: Date.now() });
		const created = await relay.createWorkspace('Settle benchmark');
		await pushToRelay({ relayOrigin: relay.origin, ...created, updates: w.with });
		await relay.quiet();
		progress(`pushed ${w.with.size} documents (${tasks} tasks, ${w.tasks.open} open)`);

		const context = await newContext(browser);
		await routeBlank(context, relay.origin);
		const setup = await context.newPage();
		await setup.goto(relay.origin + BLANK_PATH);
		await seedDevice(setup, {
			profile: profile({ ...created, memberId: w.memberIds[0], memberName: w.memberNames[0] })
		});
		await setup.close();
		const countText = `${SIZES['10k'].people.toLocaleString('en-US')} people`;
		await watchListReady(context, countText);
		const page = await context.newPage();
		await page.goto(relay.origin + '/people');
		await waitListReady(page, countText, 300_000);
		const cpuBefore = relay.cpuMs();
		// Passes until one ends whole (one stopped halfway, the relay briefly away, goes on).
		const whole = () =>
			(performance.getEntriesByName('crm:settle-done') as PerformanceMark[]).some(
				(m) => (m.detail as { whole: boolean }).whole
			);
		await page.waitForFunction(whole, undefined, { timeout: PASS_LIMIT_MS, polling: 1000 });
		const cpu = relay.cpuMs() - cpuBefore;
		const [started, done, settled, passes] = (await page.evaluate(() => {
			const starts = performance.getEntriesByName('crm:settle-started');
			const ends = performance.getEntriesByName('crm:settle-done') as PerformanceMark[];
			const sum = ends.reduce((n, m) => n + (m.detail as { settled: number }).settled, 0);
			return [starts[0].startTime, ends[ends.length - 1].startTime, sum, ends.length];
		})) as [number, number, number, number];
		const long = await longTasksSince(page, started);
		const longest = await longestTaskAfter(page, started, done);
		progress(
			`settled ${settled} records in ${((done - started) / 1000).toFixed(1)} s (${passes} pass${passes > 1 ? 'es' : ''}); tasks over 50 ms: ${long.count} (longest ${longest.toFixed(0)} ms); relay CPU ${(cpu / 1000).toFixed(1)} s`
		);
		await context.close();
		const note = `a new device's first settling pass over 10k people and ${tasks.toLocaleString('en-US')} generated tasks, ${settled.toLocaleString('en-US')} settled, synced through the real relay`;
		return [
			summarize('settle.first_pass', 'ms', 'lower', [done - started], null, undefined, note),
			summarize('settle.first_pass.longest_task', 'ms', 'lower', [longest], 50, undefined, note),
			summarize('settle.first_pass.relay_cpu', 'ms', 'lower', [cpu], null, undefined, note)
		];
	} finally {
		await browser.close();
		await relay.stop();
	}
}

function progress(message: string): void {
	process.stderr.write(`settle: ${message}\n`);
}
