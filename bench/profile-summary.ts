/**
 * Sums a Chromium .cpuprofile (CDP Profiler, as BENCH_PROFILE writes them) by function: the
 * self time of each and the total time spent in it (callees included, each sample counted once
 * per function however deep the recursion), the largest first.
 *   node --import tsx bench/profile-summary.ts <x.cpuprofile> [--top 40] [--total] [--tasks 3]
 * `--tasks n` sums the n longest busy stretches (samples with no idle between them: one task or
 * several back to back) on their own; with `--trace <x.json>` (BENCH_TRACE of the same part) the
 * n longest main-thread tasks the trace names instead, to tell what a long task is made of.
 * A function is named with its file's last path segment and line, so a `vite build --minify false`
 * build gives readable rows ("(program)" is native work: style, layout, paint, GC). Chromium takes
 * no samples while the thread sleeps, so a sample counts for the time to the next one but at most
 * GAP_MS: the thread's sleep is not charged to the last function it ran.
 */
import { readFileSync } from 'node:fs';

/** At most this long per sample (sampled at 0.1 ms, a busy thread's gaps are ~0.2 ms). */
const GAP_MS = 1;

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

function nameOf(node: ProfileNode): string {
	const { functionName, url, lineNumber } = node.callFrame;
	const file = url.split('/').pop() ?? '';
	return file ? `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}` : functionName;
}

/** The busy stretches (no idle sample within), longest first: sample index ranges and ms. */
export function busyStretches(profile: Profile): { from: number; to: number; ms: number }[] {
	const idle = new Set(
		profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id)
	);
	const out: { from: number; to: number; ms: number }[] = [];
	let from = -1;
	let ms = 0;
	for (let i = 0; i <= profile.samples.length; i++) {
		const gap = (profile.timeDeltas[i + 1] ?? 0) / 1000;
		const busy = i < profile.samples.length && !idle.has(profile.samples[i]) && gap < 5 * GAP_MS;
		if (busy) {
			if (from < 0) [from, ms] = [i, 0];
			ms += gap;
		} else if (from >= 0) {
			out.push({ from, to: i, ms });
			from = -1;
		}
	}
	return out.sort((a, b) => b.ms - a.ms);
}

/** The main thread's n longest tasks of a Chromium trace: start and end (µs, the profile's clock). */
function longestTasks(file: string, n: number): { start: number; end: number }[] {
	const trace = JSON.parse(readFileSync(file, 'utf8')) as {
		traceEvents: {
			name: string;
			ph: string;
			ts: number;
			dur?: number;
			pid: number;
			tid: number;
			args?: { name?: string };
		}[];
	};
	const main = new Set(
		trace.traceEvents
			.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
			.map((e) => `${e.pid}:${e.tid}`)
	);
	return trace.traceEvents
		.filter((e) => e.name === 'RunTask' && e.ph === 'X' && main.has(`${e.pid}:${e.tid}`))
		.sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
		.slice(0, n)
		.map((e) => ({ start: e.ts, end: e.ts + (e.dur ?? 0) }));
}

/** The samples taken between `start` and `end` (µs) as sample index ranges. */
function samplesBetween(
	profile: Profile,
	start: number,
	end: number
): { from: number; to: number } {
	let at = profile.startTime;
	let from = -1;
	let to = profile.samples.length;
	for (let i = 0; i < profile.samples.length; i++) {
		at += profile.timeDeltas[i] ?? 0;
		if (from < 0 && at >= start) from = i;
		if (at > end) {
			to = i;
			break;
		}
	}
	return { from: Math.max(0, from), to };
}

/** The samples of [from, to) alone, as a profile. */
function slice(profile: Profile, from: number, to: number): Profile {
	return {
		...profile,
		samples: profile.samples.slice(from, to),
		timeDeltas: profile.timeDeltas.slice(from, to + 1)
	};
}

/** Self and total ms per function name. */
export function summarize(profile: Profile): {
	self: Map<string, number>;
	total: Map<string, number>;
	/** The time the samples account for. */
	ms: number;
} {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const self = new Map<string, number>();
	const total = new Map<string, number>();
	const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
	let sampled = 0;
	for (let i = 0; i < profile.samples.length; i++) {
		const ms = Math.min(GAP_MS, (profile.timeDeltas[i + 1] ?? 0) / 1000);
		sampled += ms;
		let id: number | undefined = profile.samples[i];
		add(self, nameOf(byId.get(id)!), ms);
		const seen = new Set<string>();
		while (id !== undefined) {
			const name = nameOf(byId.get(id)!);
			if (!seen.has(name)) {
				seen.add(name);
				add(total, name, ms);
			}
			id = parent.get(id);
		}
	}
	return { self, total, ms: sampled };
}

function main(): void {
	const args = process.argv.slice(2);
	const file = args.find(
		(a, i) => !a.startsWith('--') && !/^\d+$/.test(a) && args[i - 1] !== '--trace'
	);
	if (!file) {
		console.error(
			'usage: node --import tsx bench/profile-summary.ts <x.cpuprofile> [--top N] [--total]'
		);
		process.exit(2);
	}
	const top = Number(args[args.indexOf('--top') + 1]) || 40;
	const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
	const n = Number(args[args.indexOf('--tasks') + 1]) || 3;
	const t0 = profile.startTime;
	if (args.includes('--trace')) {
		for (const task of longestTasks(args[args.indexOf('--trace') + 1], n)) {
			const { from, to } = samplesBetween(profile, task.start, task.end);
			const ms = (task.end - task.start) / 1000;
			console.log(
				`\n== task ${ms.toFixed(1)} ms from ${((task.start - t0) / 1000).toFixed(0)} ms:`
			);
			const { total } = summarize(slice(profile, from, to));
			for (const [name, t] of [...total].sort((a, b) => b[1] - a[1]).slice(0, top))
				console.log(`${t.toFixed(1).padStart(9)}  ${name}`);
		}
		return;
	}
	if (args.includes('--tasks')) {
		for (const s of busyStretches(profile).slice(0, n)) {
			let at = t0;
			for (let i = 0; i <= s.from; i++) at += profile.timeDeltas[i] ?? 0;
			console.log(`\n== busy ${s.ms.toFixed(1)} ms from ${((at - t0) / 1000).toFixed(0)} ms:`);
			const { total } = summarize(slice(profile, s.from, s.to));
			for (const [name, t] of [...total].sort((a, b) => b[1] - a[1]).slice(0, top))
				console.log(`${t.toFixed(1).padStart(9)}  ${name}`);
		}
		return;
	}
	const { self, total, ms } = summarize(profile);
	const rows = [...(args.includes('--total') ? total : self)].sort((a, b) => b[1] - a[1]);
	const idle = self.get('(idle)') ?? 0;
	console.log(`${file}: ${ms.toFixed(0)} ms sampled, ${(ms - idle).toFixed(0)} ms not idle`);
	for (const [name, t] of rows.slice(0, top)) console.log(`${t.toFixed(1).padStart(9)}  ${name}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
