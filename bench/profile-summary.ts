/**
 * Sums a Chromium .cpuprofile (CDP Profiler, as BENCH_PROFILE writes them) by function: the
 * self time of each and the total time spent in it (callees included, each sample counted once
 * per function however deep the recursion), the largest first.
 *   node --import tsx bench/profile-summary.ts <x.cpuprofile> [--top 40] [--total]
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
	const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
	if (!file) {
		console.error(
			'usage: node --import tsx bench/profile-summary.ts <x.cpuprofile> [--top N] [--total]'
		);
		process.exit(2);
	}
	const top = Number(args[args.indexOf('--top') + 1]) || 40;
	const { self, total, ms } = summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile);
	const rows = [...(args.includes('--total') ? total : self)].sort((a, b) => b[1] - a[1]);
	const idle = self.get('(idle)') ?? 0;
	console.log(`${file}: ${ms.toFixed(0)} ms sampled, ${(ms - idle).toFixed(0)} ms not idle`);
	for (const [name, t] of rows.slice(0, top)) console.log(`${t.toFixed(1).padStart(9)}  ${name}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
