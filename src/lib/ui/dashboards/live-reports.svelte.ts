/**
 * The results of a dashboard's reports, live: each report computed from the session's rows of
 * the types it reads, and computed again only when one of those changes (or the filters, the
 * settings, the minute): a teammate's new call recomputes the activity cards, not the deal
 * cards. Cards showing the same report share one computation. Holding it opens the months of
 * interactions the period needs.
 */
import { untrack } from 'svelte';
import type { Workspace } from '$lib/data/workspace.svelte';
import { reportOf } from '$lib/domain/reports';
import type { RecordTypeName } from '$lib/domain/record-types';
import type { ReportFilters, ReportInput, ReportResult } from '$lib/domain/reports/report';
import { localTimeZone } from '$lib/domain/time-zones';
import { inTurns } from '$lib/domain/reports/turns';
import { WorkSlice } from './work-slice';
import { withActivityTimes } from '$lib/session/activity-times';
import { withCustomerInput } from '$lib/session/customer-reports';
import { CUSTOMER_REPORT_IDS } from '$lib/domain/reports/customer-input';
import {
	holdReportMonths,
	reportFiltersOf,
	reportRowsOf,
	reportSettingsOf,
	type DashboardFilters
} from '$lib/session/dashboards';

const MINUTE = 60_000;
/** Stale reports computed back to back within one task while another fits in this (work-slice.ts). */
const SLICE_MS = 8;
/**
 * A report's first pass over many rows stops this long after its task began and goes on in the
 * next (domain/reports/turns.ts). Shorter turns let more frames in between, each redrawing the
 * board: the first render came later.
 */
const TURN_MS = 16;
/**
 * An update of reports computed before (a teammate's edit) starts at once, in the task that
 * brought it, for this long: its cards change in the next frame. Scheduled after it, the
 * frame went by first and the deal won in another tab waited it out (~18 ms of 64, traced).
 */
const AT_ONCE_MS = 4;

interface Job {
	id: string;
	fresh: boolean;
	/** Computed from what changed (Report.live): quick, so computed first. */
	kept: boolean;
	/** Computed since the jobs were made (a hold let go schedules the rest only). */
	done: boolean;
	run(): Cached;
}

interface Cached {
	key: readonly unknown[];
	filters: ReportFilters;
	result: ReportResult;
}

export class LiveReports {
	#now = $state(Date.now());
	readonly #cache = new Map<string, Cached>();
	/** Each report's kept computation (Report.live), made once: it keeps its figures between edits. */
	readonly #kept = new Map<string, (input: ReportInput, filters: ReportFilters) => ReportResult>();

	#computeOf(id: string): (input: ReportInput, filters: ReportFilters) => ReportResult {
		const report = reportOf(id)!;
		if (!report.live) return report.compute;
		let kept = this.#kept.get(id);
		if (!kept) this.#kept.set(id, (kept = report.live()));
		return kept;
	}

	constructor(
		private readonly ws: () => Workspace,
		private readonly reportIds: () => readonly string[],
		private readonly filters: () => DashboardFilters,
		/** While true, nothing is computed (a dashboard draws the figures it kept first). */
		private readonly held: () => boolean = () => false
	) {}

	readonly #reads = $derived.by(() => {
		const reads = new Set<RecordTypeName>();
		for (const id of this.reportIds()) for (const t of reportOf(id)?.reads ?? []) reads.add(t);
		return [...reads].sort();
	});

	/** A derived: what keeps the results computed follows the hold's changes, not what it reads. */
	readonly #held = $derived.by(() => this.held());
	readonly #settings = $derived.by(() => reportSettingsOf(this.ws()));
	readonly #rows = $derived.by(() => reportRowsOf(this.ws(), this.#reads));
	readonly #resolved = $derived.by(() => reportFiltersOf(this.ws(), this.filters(), this.#now));
	/** What the held months follow: the types read and the spans (not each minute's tick). */
	readonly #holdKey = $derived(
		JSON.stringify([this.#reads, this.#resolved.period, this.#resolved.previous])
	);

	/** Each report's result as last computed; a card keeps showing it while it is recomputed. */
	#results = $state.raw(new Map<string, ReportResult>());

	/** What each report needs computing from now, and whether its cached result still holds. */
	readonly #jobs = $derived.by(() => {
		const settings = this.#settings;
		const input: ReportInput = withActivityTimes(
			this.ws(),
			withCustomerInput(this.ws(), {
				...settings,
				rows: this.#rows,
				now: this.#now,
				timeZone: localTimeZone()
			})
		);
		const filters = this.#resolved;
		const jobs: Job[] = [];
		for (const id of new Set(this.reportIds())) {
			const report = reportOf(id);
			if (!report) continue;
			if (CUSTOMER_REPORT_IDS.has(id)) {
				const result = report.compute(input, filters);
				jobs.push({
					id,
					fresh: this.#cache.get(id)?.result === result,
					kept: true,
					done: false,
					run: () => ({ key: [], filters, result })
				});
				continue;
			}
			// What this report's result depends on: the rows it reads, the filters, the settings.
			const key = [
				settings,
				input.now,
				...report.reads.map((t) => (input.rows as Record<string, unknown>)[t])
			];
			const hit = this.#cache.get(id);
			const fresh =
				!!hit &&
				sameFilters(hit.filters, filters) &&
				hit.key.length === key.length &&
				hit.key.every((k, i) => k === key[i]);
			const compute = this.#computeOf(id);
			jobs.push({
				id,
				fresh,
				kept: !!report.live,
				done: false,
				run: () => ({ key, filters, result: compute(input, filters) })
			});
		}
		return jobs;
	});

	/**
	 * Computes the stale reports in short tasks (never one long one): the kept ones first (a
	 * teammate's edit reaches their cards at once), back to back while a task is under SLICE_MS,
	 * and the cards redrawn once per task with what it computed — each report once per change;
	 * a newer change cancels the rest. An update of kept ones begins in this task (AT_ONCE_MS).
	 * Nothing while `held`.
	 */
	#schedule(): () => void {
		const jobs = this.#jobs;
		const stale = jobs
			.filter((j) => !j.fresh && !j.done)
			.sort((a, b) => Number(b.kept) - Number(a.kept));
		const cached = new Map<string, ReportResult>();
		for (const j of jobs) {
			const hit = this.#cache.get(j.id);
			if ((j.fresh || j.done) && hit) cached.set(j.id, hit.result);
		}
		untrack(() => {
			const now = this.#results;
			if (
				stale.length ||
				[...cached].some(([id, r]) => now.get(id) !== r) ||
				now.size !== jobs.length
			) {
				const next = new Map(now);
				for (const [id, r] of cached) next.set(id, r);
				for (const id of next.keys()) if (!jobs.some((j) => j.id === id)) next.delete(id);
				this.#results = next;
			}
		});
		let timer: ReturnType<typeof setTimeout> | null = null;
		const step = (sliceMs = SLICE_MS, turnMs = TURN_MS) => {
			timer = null;
			const slice = new WorkSlice(sliceMs);
			const until = performance.now() + turnMs;
			let next: Map<string, ReportResult> | null = null;
			do {
				const job = stale[0];
				const done = inTurns(until, job.run)?.value;
				if (!done) break; // its pass goes on in the next task
				stale.shift();
				job.done = true;
				this.#cache.set(job.id, done);
				(next ??= new Map(this.#results)).set(job.id, done.result);
			} while (stale.length && slice.roomForAnother());
			if (next) this.#results = next;
			if (stale.length) timer = setTimeout(step, 0);
		};
		if (!stale.length || this.#held) return () => {};
		// Only kept computations updated from a result of theirs are quick enough to start now: a
		// first pass, or a report computed whole, waits for a task of its own.
		if (stale.every((j) => j.kept && this.#cache.has(j.id)))
			untrack(() => step(AT_ONCE_MS, AT_ONCE_MS));
		else timer = setTimeout(step, 0);
		return () => {
			if (timer !== null) clearTimeout(timer);
		};
	}

	/** The report's latest result (reactive); undefined until it is first computed. */
	result(id: string): ReportResult | undefined {
		return this.#results.get(id);
	}

	/**
	 * Keeps the results computed: call in an $effect of its own, which runs again as the rows,
	 * filters or settings change; returns how to stop.
	 */
	keep(): () => void {
		return this.#schedule();
	}

	/** Opens the months the period needs and ticks each minute (in an $effect); returns how to stop. */
	hold(): () => void {
		void this.#holdKey;
		// Untracked: opening a month changes the workspace's closed months, which this reads — read
		// tracked, each hold ran the effect again, letting go and opening the months without end.
		const release = untrack(() =>
			holdReportMonths(this.ws(), this.#reads, [this.#resolved.period, this.#resolved.previous])
		);
		const tick = setInterval(() => (this.#now = Date.now()), MINUTE);
		return () => {
			release();
			clearInterval(tick);
		};
	}
}

/** The same filters, though resolved again (a card moved: the dashboard record is new). */
function sameFilters(a: ReportFilters, b: ReportFilters): boolean {
	return (
		a.period.from === b.period.from &&
		a.period.to === b.period.to &&
		a.previous?.from === b.previous?.from &&
		a.previous?.to === b.previous?.to &&
		a.ownerId === b.ownerId &&
		(a.teamMembers ?? null) === (b.teamMembers ?? null) &&
		a.pipelineId === b.pipelineId &&
		a.segmentPeople === b.segmentPeople
	);
}
