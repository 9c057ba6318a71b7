/**
 * The kept computations (Report.live, contributions.ts) against a full pass: random deals, then
 * random edits as the live lists make them (a changed record is a new row object, the others
 * the same objects in a new array), each followed by both computes. They must give the same
 * figures (to the cent: sums may be added in another order) and the same records behind each.
 */
import { describe, expect, it } from 'vitest';
import type { DealRow } from '../record-types';
import { Contributions } from './contributions';
import { REPORTS } from '.';
import type { ReportFilters, ReportResult } from './report';
import { inTurns } from './turns';
import { BERLIN, Q1_BERLIN, Q4_BERLIN, day, deal, filters, goalRow, input } from './rows-fixtures';

/** A small seeded generator (mulberry32): the same cases every run. */
function random(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
		pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
		chance: (p: number) => next() < p
	};
}

const STAGES = ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost', 'gone-stage'];
const OWNERS = ['m1', 'm2', 'm3', null];
const REASONS = ['Price', 'price ', 'Prïce', 'Timing', '', '  '];

function randomDeal(id: string, r: ReturnType<typeof random>): DealRow {
	const days = ['2025-10-31', '2025-11-15', '2026-01-01', '2026-01-31', '2026-02-14'];
	const more = ['2026-03-31', '2026-04-01', '2026-05-20'];
	return deal(id, {
		stage: r.pick(STAGES),
		amount: r.chance(0.1) ? null : r.int(1, 5_000),
		currency: r.pick(['EUR', 'EUR', 'USD', 'GBP']),
		probability: r.chance(0.3) ? r.int(0, 100) : null,
		expectedCloseAt: r.chance(0.2) ? null : day(r.pick([...days, ...more])),
		updatedAt:
			Date.parse('2025-10-01T00:00:00Z') + r.int(0, 220) * 86_400_000 + r.int(0, 86_399_999),
		ownerId: r.pick(OWNERS),
		personId: r.pick(['p1', 'p2', 'p3', null]),
		organizationId: r.pick(['o1', 'o2', null]),
		lostReason: r.pick(REASONS),
		forecastCategory: r.pick([null, null, 'commit', 'omitted', 'best case'] as const)
	} as Partial<DealRow>);
}

/** Where the two results differ: figures by more than a cent, or other records behind one. */
function differences(a: ReportResult, b: ReportResult): string[] {
	const out: string[] = [];
	const walk = (x: unknown, y: unknown, path: string): void => {
		if (typeof x === 'number' && typeof y === 'number') {
			if (!(Math.abs(x - y) <= 0.011)) out.push(`${path}: ${x} against ${y}`);
		} else if (Array.isArray(x) && Array.isArray(y)) {
			if (x.length !== y.length) out.push(`${path}: ${x.length} items against ${y.length}`);
			else x.forEach((v, i) => walk(v, y[i], `${path}[${i}]`));
		} else if (x && y && typeof x === 'object' && typeof y === 'object') {
			const xo = x as Record<string, unknown>;
			const yo = y as Record<string, unknown>;
			if ('ids' in xo && 'type' in xo) {
				const xs = [...(xo.ids as string[])].sort().join();
				const ys = [...(yo.ids as string[])].sort().join();
				if (xo.type !== yo.type || xs !== ys) out.push(`${path}: ${xs} against ${ys}`);
				return;
			}
			const keys = Object.keys(xo).sort().join();
			if (keys !== Object.keys(yo).sort().join()) out.push(`${path}: keys ${keys}`);
			else for (const k of Object.keys(xo)) walk(xo[k], yo[k], `${path}.${k}`);
		} else if (x !== y) out.push(`${path}: ${String(x)} against ${String(y)}`);
	};
	walk(a, b, 'result');
	return out;
}

const LIVE = REPORTS.filter((r) => r.live);

describe('kept report computations', () => {
	it('are offered by the deal reports', () => {
		expect(LIVE.map((r) => r.id).sort()).toEqual(
			['forecast-target', 'goal-progress', 'loss-reasons', 'pipeline-by-stage', 'won-lost'].sort()
		);
	});

	for (const report of LIVE)
		it(`${report.id}: equals a full pass after each of 300 random edits`, () => {
			const r = random(report.id.length * 7919);
			let deals = Array.from({ length: 120 }, (_, i) => randomDeal(`d${i}`, r));
			const goals = [
				goalRow('g1', { memberId: 'm1', period: '2026-01', metric: 'won amount', target: 900 }),
				goalRow('g2', { memberId: null, period: '2026-Q1', metric: 'won amount', target: 9000 }),
				goalRow('g3', { memberId: 'm2', period: '2026-Q1', metric: 'deals won', target: 5 }),
				goalRow('g4', { memberId: null, period: '2025-Q4', metric: 'new customers', target: 2 }),
				goalRow('g5', { memberId: 'm3', period: '2026-01', metric: 'new customers', target: 1 }),
				goalRow('g6', { memberId: null, period: '2026-Q1', metric: 'deals won', target: 9 }),
				...['m1', 'm2', 'm3'].flatMap((m) =>
					['2025-Q4', '2026-Q1'].map((period) =>
						goalRow(`g-${m}-${period}`, { memberId: m, period, metric: 'new customers', target: 1 })
					)
				)
			];
			const choices: ReportFilters[] = [
				filters(),
				filters({ previous: Q4_BERLIN }),
				filters({ ownerId: 'm1' }),
				filters({ teamMembers: new Set(['m2', 'm3']) }),
				filters({ segmentPeople: new Set(['p1']) }),
				filters({ period: Q4_BERLIN, previous: Q1_BERLIN })
			];
			let f = choices[0];
			const compute = report.live!();
			const base = { ...input({}), timeZone: BERLIN };
			let next = 120;
			for (let step = 0; step < 300; step++) {
				const what = r.int(0, 9);
				if (what <= 5 && deals.length) {
					// One deal edited: a new object for it, the others as they were.
					const i = r.int(0, deals.length - 1);
					const d = deals[i];
					const edited = randomDeal(d.id, r);
					deals = deals.map((x, k) =>
						k === i
							? {
									...d,
									...r.pick([
										{ stage: edited.stage },
										{ amount: edited.amount, currency: edited.currency },
										{ expectedCloseAt: edited.expectedCloseAt, updatedAt: edited.updatedAt },
										{ ownerId: edited.ownerId },
										{ lostReason: edited.lostReason },
										{ probability: edited.probability, forecastCategory: edited.forecastCategory },
										edited
									])
								}
							: x
					);
				} else if (what === 6 && deals.length) {
					const i = r.int(0, deals.length - 1);
					deals = deals.filter((_, k) => k !== i);
				} else if (what === 7)
					// A new deal at the end, or one moved to the front (the others out of their places).
					deals = r.chance(0.5)
						? [...deals, randomDeal(`d${next++}`, r)]
						: [...deals.slice(-1), ...deals.slice(0, -1)];
				else if (what === 8) f = r.pick(choices);
				// what 9: nothing changed, the same array read again
				// The settings as the session keeps them: the same objects until they change.
				const given = { ...base, rows: { deal: deals, goal: goals } };
				expect(differences(report.compute(given, f), compute(given, f)), `step ${step}`).toEqual(
					[]
				);
			}
		});
});

describe('contributions', () => {
	it('counts again only the rows whose objects changed', () => {
		const kept = new Contributions<{ id: string; v: number }>((row) => [['all', row.v]]);
		const rows = Array.from({ length: 1_000 }, (_, i) => ({ id: `r${i}`, v: i }));
		kept.sync(rows, ['ctx']);
		expect(kept.lastCounted).toBe(1_000);
		const edited = rows.map((row, i) => (i === 500 ? { ...row, v: 0 } : row));
		kept.sync(edited, ['ctx']);
		expect(kept.lastCounted).toBe(1);
		expect(kept.sum('all')).toBe((999 * 1000) / 2 - 500);
		kept.sync(edited.slice(1), ['ctx']);
		expect(kept.lastCounted).toBe(1);
		expect(kept.count('all')).toBe(999);
		kept.sync(edited.slice(1), ['another']);
		expect(kept.lastCounted).toBe(999);
	});

	it('finds the rows that moved, came or went, whatever the places', () => {
		const kept = new Contributions<{ id: string; v: number }>((row) =>
			row.v % 2 ? [['odd', row.v]] : []
		);
		const rows = Array.from({ length: 10 }, (_, i) => ({ id: `r${i}`, v: i }));
		kept.sync(rows, ['ctx']);
		expect(kept.sum('odd')).toBe(1 + 3 + 5 + 7 + 9);
		// Reversed: every row out of its place, none changed.
		kept.sync([...rows].reverse(), ['ctx']);
		expect(kept.lastCounted).toBe(0);
		expect(kept.row('r3')).toBe(rows[3]);
		// The last two gone (the others in their places), one changed.
		const fewer = rows.slice(0, 8).map((row) => (row.id === 'r1' ? { ...row, v: 11 } : row));
		kept.sync(fewer, ['ctx']);
		expect(kept.lastCounted).toBe(3);
		expect(kept.sum('odd')).toBe(11 + 3 + 5 + 7);
		expect(kept.ids('odd')).toEqual(['r1', 'r3', 'r5', 'r7']);
		expect(kept.row('r9')).toBeUndefined();
		// One replaced by a new row at its place: the old one's figure goes.
		const swapped = fewer.map((row) => (row.id === 'r7' ? { id: 'r70', v: 71 } : row));
		kept.sync(swapped, ['ctx']);
		expect(kept.lastCounted).toBe(2);
		expect(kept.sum('odd')).toBe(11 + 3 + 5 + 71);
		expect(kept.has('odd', 'r7')).toBe(false);
	});

	it('takes out the rows past a shorter list, the others in their places', () => {
		const kept = new Contributions<{ id: string; v: number }>((row) => [['all', row.v]]);
		const rows = Array.from({ length: 5 }, (_, i) => ({ id: `r${i}`, v: i + 1 }));
		kept.sync(rows, ['ctx']);
		kept.sync([rows[0], { id: 'r1', v: 20 }, rows[2]], ['ctx']);
		expect(kept.lastCounted).toBe(3);
		expect(kept.sum('all')).toBe(1 + 20 + 3);
		expect(kept.ids('all')).toEqual(['r0', 'r1', 'r2']);
	});

	it('keeps the newest object of a row edited in place before others moved', () => {
		const kept = new Contributions<{ id: string; v: number }>((row) => [['all', row.v]]);
		const rows = Array.from({ length: 6 }, (_, i) => ({ id: `r${i}`, v: i }));
		kept.sync(rows, ['ctx']);
		// r0 edited in its place, then the last row moved to second place.
		const edited = { id: 'r0', v: 100 };
		const moved = [edited, rows[5], ...rows.slice(1, 5)];
		kept.sync(moved, ['ctx']);
		expect(kept.lastCounted).toBe(1);
		expect(kept.row('r0')).toBe(edited);
		// r0 moves (the same object): nothing to count again.
		kept.sync([...moved.slice(1), edited], ['ctx']);
		expect(kept.lastCounted).toBe(0);
		expect(kept.sum('all')).toBe(100 + 1 + 2 + 3 + 4 + 5);
		// Edited in place, then the list cut short: the cut rows' figures go, the edit stays.
		const short = [{ id: 'r5', v: 50 }, rows[1], rows[2]];
		kept.sync(short, ['ctx']);
		expect(kept.sum('all')).toBe(50 + 1 + 2);
	});
});

describe('kept report computations in turns (turns.ts)', () => {
	/** Runs the report in turns whose time is always up: each pass stops every 256 rows. */
	function inShortTurns(run: () => ReportResult): { result: ReportResult; turns: number } {
		for (let turns = 1; turns < 1_000; turns++) {
			const done = inTurns(0, run);
			if (done) return { result: done.value, turns };
		}
		throw new Error('never finished');
	}

	for (const report of LIVE)
		it(`${report.id}: a first pass cut into turns, and deals edited between turns, equal a full pass`, () => {
			const r = random(report.id.length * 104_729);
			let deals = Array.from({ length: 2_000 }, (_, i) => randomDeal(`d${i}`, r));
			const f = filters({ previous: Q4_BERLIN });
			const base = { ...input({}), timeZone: BERLIN };
			const goals = ['m1', 'm2', null].flatMap((memberId) =>
				(['won amount', 'deals won', 'new customers'] as const).map((metric) =>
					goalRow(`g-${memberId}-${metric}`, { memberId, period: '2026-Q1', metric, target: 9 })
				)
			);
			const given = () => ({ ...base, rows: { deal: deals, goal: goals } });

			// Uncut: the same figures as a full pass, in turns of 256 deals.
			const compute = report.live!();
			const first = inShortTurns(() => compute(given(), f));
			expect(first.turns).toBe(Math.ceil(2_000 / 256));
			expect(differences(report.compute(given(), f), first.result)).toEqual([]);

			// A second computation cut after its first turn; then a deal edited, one removed,
			// one added: the rest is counted against the new rows.
			const other = report.live!();
			const atFirst = given();
			expect(inTurns(0, () => other(atFirst, f))).toBeNull();
			deals = deals.map((d, k) => (k === 3 || k === 1_500 ? randomDeal(d.id, r) : d));
			deals = [...deals.filter((_, k) => k !== 10), randomDeal('d-new', r)];
			const after = inShortTurns(() => other(given(), f));
			expect(differences(report.compute(given(), f), after.result)).toEqual([]);
			// Outside turns nothing is cut.
			expect(differences(report.compute(given(), f), other(given(), f))).toEqual([]);
		});
});
