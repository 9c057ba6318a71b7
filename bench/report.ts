/** Renders bench results as bench/RESULTS.md: one table against the budgets in README.md "Performance". */
import { withinBudget, type BenchResult } from './result';

export interface ModuleRun {
	module: string;
	seconds: number;
	results: BenchResult[];
	error: string | null;
}

export interface RunInfo {
	quick: boolean;
	startedAt: Date;
	machine: string;
	buildNote: string | null;
}

export function renderReport(info: RunInfo, modules: ModuleRun[]): string {
	const lines = [
		'# Benchmark results',
		'',
		`${info.quick ? 'Quick' : 'Full'} run (\`npm run bench${info.quick ? ' -- --quick' : ''}\`), ` +
			`${info.startedAt.toISOString()}; ${info.machine}. Budgets: README.md "Performance".`,
		''
	];
	if (info.buildNote) lines.push(`**Build:** ${info.buildNote}`, '');
	lines.push(
		'| figure | budget | measured: median (min–max, runs) | vs reference | within budget |',
		'|---|---|---|---|---|'
	);
	for (const m of modules) for (const r of m.results) lines.push(row(r));
	const failed = modules.filter((m) => m.error !== null);
	if (failed.length > 0) {
		lines.push('', '## Modules that failed', '');
		for (const m of failed) {
			lines.push(`### ${m.module}`, '', '```', m.error!.trim(), '```', '');
		}
	}
	const noted = modules.flatMap((m) => m.results).filter((r) => r.note);
	if (noted.length > 0) {
		lines.push('', '## What each figure is', '');
		for (const r of noted) lines.push(`- \`${r.id}\`: ${r.note}`);
	}
	lines.push('', '## Modules', '');
	for (const m of modules) {
		const state = m.error ? 'failed' : `${m.results.length} figures`;
		lines.push(`- ${m.module}: ${state}, ${m.seconds.toFixed(1)} s`);
	}
	return lines.join('\n') + '\n';
}

function row(r: BenchResult): string {
	const sign = r.better === 'lower' ? '≤' : '≥';
	const budget = r.budget === null ? '—' : `${sign} ${withUnit(r.budget, r.unit)}`;
	const spread = r.runs > 1 ? ` (${fmt(r.min)}–${fmt(r.max)}, ${r.runs})` : ' (1 run)';
	const reference =
		r.reference_median === undefined
			? '—'
			: `${fmt(r.median / r.reference_median)}× of ${withUnit(r.reference_median, r.unit)}`;
	const ok = withinBudget(r);
	const mark = ok === null ? '' : ok ? '✅' : '❌';
	return `| \`${r.id}\` | ${budget} | ${withUnit(r.median, r.unit)}${spread} | ${reference} | ${mark} |`;
}

function withUnit(n: number, unit: string): string {
	return unit === 'x' ? `${fmt(n)}×` : `${fmt(n)} ${unit}`;
}

function fmt(n: number): string {
	if (!Number.isFinite(n)) return String(n);
	const abs = Math.abs(n);
	const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
	return n.toLocaleString('en-US', { maximumFractionDigits: digits });
}
