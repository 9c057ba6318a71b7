/**
 * CPU profiles and Chromium traces of one measured part of a browser bench, on demand:
 * BENCH_PROFILE=<prefix> writes <prefix>.<name>.cpuprofile (CDP, 100 µs sampling; sum it by
 * function with bench/profile-summary.ts), BENCH_TRACE=<prefix> writes <prefix>.<name>.json
 * (devtools.timeline: style, layout and paint per frame), BENCH_HEAP=<prefix> writes
 * <prefix>.<name>.heapprofile: V8's sampling heap profile of what was allocated during the part
 * and still lived at its end — what the young generation's scavenges had to copy (sum it by
 * function with bench/heap-summary.ts). The profiler's overhead inflates the figures of a
 * profiled run.
 */
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

/**
 * Runs `fn` under the CPU profiler when BENCH_PROFILE is set, the profile to <prefix>.<name>;
 * under Chromium's tracing (devtools.timeline: style, layout, paint per frame) when BENCH_TRACE
 * is, the trace to <prefix>.<name>.json.
 */
export async function profiled<T>(page: Page, name: string, fn: () => Promise<T>): Promise<T> {
	const prefix = process.env.BENCH_PROFILE;
	const tracePrefix = process.env.BENCH_TRACE;
	const browser = page.context().browser();
	if (tracePrefix && browser)
		await browser.startTracing(page, {
			path: `${tracePrefix}.${name}.json`,
			categories: [
				'devtools.timeline',
				'disabled-by-default-devtools.timeline',
				'blink.user_timing',
				// e.g. BENCH_TRACE_CATEGORIES=v8,disabled-by-default-v8.compile: compiles, code cache
				...(process.env.BENCH_TRACE_CATEGORIES?.split(',') ?? [])
			]
		});
	const heapPrefix = process.env.BENCH_HEAP;
	if (heapPrefix) {
		const cdp = await page.context().newCDPSession(page);
		await cdp.send('HeapProfiler.enable');
		await cdp.send('HeapProfiler.startSampling', { samplingInterval: 4096 });
		try {
			return await fn();
		} finally {
			const { profile } = await cdp.send('HeapProfiler.stopSampling');
			writeFileSync(`${heapPrefix}.${name}.heapprofile`, JSON.stringify(profile));
			await cdp.detach();
			if (tracePrefix && browser) await browser.stopTracing();
		}
	}
	if (!prefix) {
		try {
			return await fn();
		} finally {
			if (tracePrefix && browser) await browser.stopTracing();
		}
	}
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
	await cdp.send('Profiler.start');
	const out = await fn();
	const { profile } = await cdp.send('Profiler.stop');
	writeFileSync(`${prefix}.${name}.cpuprofile`, JSON.stringify(profile));
	await cdp.detach();
	if (tracePrefix && browser) await browser.stopTracing();
	return out;
}
