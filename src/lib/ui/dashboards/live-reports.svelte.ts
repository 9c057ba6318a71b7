/**
 * The results of a dashboard's reports, live: each report computed from the session's rows of
 * the types it reads, and computed again only when one of those changes (or the filters, the
 * settings, the minute): a teammate's new call recomputes the activity cards, not the deal
 * cards. Cards showing the same report share one computation. Holding it opens the months of
 * interactions the period needs.
 */
import type { Workspace } from '$lib/data/workspace.svelte';
import { reportOf } from '$lib/domain/reports';
import type { RecordTypeName } from '$lib/domain/record-types';
import type { ReportFilters, ReportInput, ReportResult } from '$lib/domain/reports/report';
import { localTimeZone } from '$lib/domain/time-zones';
import {
	holdReportMonths,
	reportFiltersOf,
	reportRowsOf,
	reportSettingsOf,
	type DashboardFilters
} from '$lib/session/dashboards';

const MINUTE = 60_000;

interface Cached {
	key: readonly unknown[];
	filters: ReportFilters;
	result: ReportResult;
}

export class LiveReports {
	#now = $state(Date.now());
	readonly #cache = new Map<string, Cached>();

	constructor(
		private readonly ws: () => Workspace,
		private readonly reportIds: () => readonly string[],
		private readonly filters: () => DashboardFilters
	) {}

	readonly #reads = $derived.by(() => {
		const reads = new Set<RecordTypeName>();
		for (const id of this.reportIds()) for (const t of reportOf(id)?.reads ?? []) reads.add(t);
		return [...reads].sort();
	});

	readonly #settings = $derived.by(() => reportSettingsOf(this.ws()));
	readonly #rows = $derived.by(() => reportRowsOf(this.ws(), this.#reads));
	readonly #resolved = $derived.by(() => reportFiltersOf(this.ws(), this.filters(), this.#now));

	readonly #results = $derived.by(() => {
		const settings = this.#settings;
		const input: ReportInput = {
			...settings,
			rows: this.#rows,
			now: this.#now,
			timeZone: localTimeZone()
		};
		const filters = this.#resolved;
		const out = new Map<string, ReportResult>();
		for (const id of new Set(this.reportIds())) {
			const report = reportOf(id);
			if (!report) continue;
			// What this report's result depends on: the rows it reads, the filters, the settings.
			const key = [
				settings,
				input.now,
				...report.reads.map((t) => (input.rows as Record<string, unknown>)[t])
			];
			const hit = this.#cache.get(id);
			if (
				hit &&
				sameFilters(hit.filters, filters) &&
				hit.key.length === key.length &&
				hit.key.every((k, i) => k === key[i])
			) {
				out.set(id, hit.result);
				continue;
			}
			const result = report.compute(input, filters);
			this.#cache.set(id, { key, filters, result });
			out.set(id, result);
		}
		return out;
	});

	result(id: string): ReportResult | undefined {
		return this.#results.get(id);
	}

	/** Opens the months the period needs and ticks each minute; returns how to stop. */
	hold(): () => void {
		const release = holdReportMonths(this.ws(), this.#reads, [
			this.#resolved.period,
			this.#resolved.previous
		]);
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
		a.pipelineId === b.pipelineId &&
		a.segmentPeople === b.segmentPeople
	);
}
