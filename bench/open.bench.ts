/**
 * Opening the app from the device, relay down (budget, README "Performance": 10k people ≤ 300 ms, 100k ≤ 1.5 s,
 * heap ≤ 300 MB): from navigation to an interactive people list, cold (no row cache yet: the
 * list waits for the whole document) and warm (second visit: the list paints from the cache).
 * BENCH_PROFILE / BENCH_TRACE (harness/profile.ts) record each visit as open.<size>.<cold|warm>.<i>;
 * BENCH_SIZE=10k|100k measures one size; BENCH_MARKS=1 prints each visit's crm: marks.
 */
import type { Browser } from '@playwright/test';
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
	watchListReady
} from './harness/browser';
import { visit, type Visit } from './harness/list-visit';
import { BUILD_DIR } from './harness/paths';
import { serveStatic, type StaticServer } from './harness/static-server';
import { summarize, type BenchOptions, type BenchResult } from './result';

const SEED_PATH = '/__bench/seed.bin';
const BUDGET_MS = { '10k': 300, '100k': 1_500 } as const;
const HEAP_BUDGET_MB = 300;

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	const server = await serveStatic(BUILD_DIR);
	const browser = await launchBrowser();
	const results: BenchResult[] = [];
	try {
		// BENCH_SIZE=10k|100k measures that size alone (once with --quick, else 3 times).
		const only = process.env.BENCH_SIZE as keyof typeof SIZES | undefined;
		const plan: [keyof typeof SIZES, number][] = only
			? [[only, quick ? 1 : 3]]
			: quick
				? [['10k', 1]]
				: [
						['10k', 3],
						['100k', 3]
					];
		for (const [size, runs] of plan) {
			try {
				results.push(...(await measureSize(browser, server, size, runs)));
			} catch (err) {
				// Keep the sizes already measured (bench/run-one.ts reports them with the error).
				throw Object.assign(err instanceof Error ? err : new Error(String(err)), { results });
			}
		}
	} finally {
		await browser.close();
		await server.close();
	}
	return results;
}

async function measureSize(
	browser: Browser,
	server: StaticServer,
	size: keyof typeof SIZES,
	runs: number
): Promise<BenchResult[]> {
	// BENCH_COUNTRY=Poland: every person and organization of one country (generate.ts `country`).
	const country = process.env.BENCH_COUNTRY || undefined;
	const generated = generateWorkspace({ ...SIZES[size], interactions: 0, seed: 42, country });
	// One merged update per document, as DeviceDocs stores a document once it has compacted it.
	const seed = deviceSeedFile(encodeDocs(generated.docs));
	const people = SIZES[size].people;
	const deals = SIZES[size].deals;
	const records = people + SIZES[size].organizations + deals;
	generated.docs.destroy();
	server.put(SEED_PATH, seed.body);
	server.put(BLANK_PATH, BLANK_HTML);
	const countText = `${people.toLocaleString('en-US')} people`;
	const timeout = size === '100k' ? 180_000 : 60_000;

	const cold: Visit[] = [];
	const warm: Visit[] = [];
	for (let i = 0; i < runs; i++) {
		const workspaceId = `bench-open-${size}-${i}`;
		const context = await newContext(browser);
		try {
			await watchListReady(context, countText);
			const setup = await context.newPage();
			await setup.goto(server.origin + BLANK_PATH);
			await seedDevice(setup, {
				profile: profile({ workspaceId, memberId: generated.memberIds[0], knownRecords: records }),
				seed: { url: SEED_PATH, docs: seed.docs }
			});
			await setup.close();
			// The first visit (no row cache yet), then the second (warm), each named for profiles.
			for (const [kind, visits] of [
				['cold', cold],
				['warm', warm]
			] as const) {
				const name = `open.${size}.${kind}.${i}`;
				visits.push(
					await visit(context, server.origin, workspaceId, countText, timeout, undefined, name)
				);
				printMarks(`${size} ${kind} ${i}`, visits.at(-1)!);
			}
		} finally {
			await context.close();
		}
	}

	const note = `${people.toLocaleString('en-US')} people, ${SIZES[size].organizations.toLocaleString('en-US')} organizations, ${deals.toLocaleString('en-US')} deals, ${seed.docs.length} documents, ${(seed.body.length / 1e6).toFixed(1)} MB on the device`;
	const out = [
		summarize(
			`open.${size}.cold`,
			'ms',
			'lower',
			cold.map((v) => v.timing.painted),
			BUDGET_MS[size],
			undefined,
			`no row cache: the list waits for every document (${note})`
		),
		summarize(
			`open.${size}.warm`,
			'ms',
			'lower',
			warm.map((v) => v.timing.painted),
			BUDGET_MS[size],
			undefined,
			`second visit: rows from the Dexie cache, which ${cold.filter((v) => v.cacheSaved).length} of ${runs} first visits had written (${note})`
		),
		summarize(
			`open.${size}.cold.longest_task`,
			'ms',
			'lower',
			cold.map((v) => v.openingTaskMs),
			null,
			undefined,
			'the longest main-thread task of a first visit from the app starting the open until the list painted (reading, applying the documents and building every row)'
		),
		summarize(
			`open.${size}.warm.longest_task_after_paint`,
			'ms',
			'lower',
			warm.map((v) => v.blockedMs),
			null,
			undefined,
			'the longest main-thread task between the warm list painting and the documents having loaded: how long the list could not answer input (the documents are applied one per task)'
		),
		summarize(
			`open.${size}.heap`,
			'MB',
			'lower',
			[...cold, ...warm].map((v) => v.heapMb),
			size === '100k' ? HEAP_BUDGET_MB : null,
			undefined,
			'JS heap after the documents loaded and a full GC (CDP Runtime.getHeapUsage)'
		)
	];
	for (const [name, kind] of [
		['cold', cold],
		['warm', warm]
	] as const) {
		const marks = new Set(kind.flatMap((v) => Object.keys(v.timing.marks)));
		for (const mark of marks) {
			const samples = kind.map((v) => v.timing.marks[mark]).filter((t) => t !== undefined);
			out.push(
				summarize(
					`open.${size}.${name}.${mark}`,
					'ms',
					'lower',
					samples,
					null,
					undefined,
					`the app's performance mark ${mark}, from navigation start`
				)
			);
		}
	}
	return out;
}

/** BENCH_MARKS=1: each visit's crm: marks once its documents loaded (ms since navigation), where its time went. */
function printMarks(label: string, v: Visit): void {
	if (!process.env.BENCH_MARKS) return;
	const marks = Object.entries(v.loadedMarks)
		.map(([name, at]) => `${name.replace('crm:', '')} ${Math.round(at)}`)
		.join(', ');
	console.log(
		`${label}: ready ${Math.round(v.timing.ready)}, painted ${Math.round(v.timing.painted)} ms, longest task while opening ${Math.round(v.openingTaskMs)}, after ${Math.round(v.blockedMs)} (${v.longTasksAfter.count} over 50 ms, ${Math.round(v.longTasksAfter.ms)} ms in all), heap ${Math.round(v.heapMb)} MB; ${marks}`
	);
}
