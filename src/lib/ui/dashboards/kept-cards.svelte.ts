/**
 * A dashboard's cards as last computed on this device (session/card-results.ts): read when the
 * dashboard opens, shown — marked "as of 10:42 — updating", or as changed since — while a
 * card's live figure is not in yet, and replaced by it as it lands. Each live figure is kept
 * in turn, a while after it landed and one card per task, so the first render does not pay
 * for the writes.
 */
import type { Workspace } from '$lib/data/workspace.svelte';
import type { ReportResult } from '$lib/domain/reports/report';
import {
	keepCardResult,
	readCardResults,
	workspaceInputs,
	type KeptResult
} from '$lib/session/card-results';

/** How long after a live figure lands it is kept (more may land meanwhile: one write). */
const KEEP_AFTER_MS = 2_000;

export class KeptCards {
	/** Kept results by report id, for the keys of the last read. */
	#kept = $state.raw(new Map<string, KeptResult>());
	/** What was last written (or read) per key: the same result is not written again. */
	readonly #written = new Map<string, ReportResult>();
	/** The keys last read, and whether that read is over (at most STORAGE_MS: card-results.ts). */
	#readFor = '';
	#settled = $state(false);

	constructor(
		private readonly ws: () => Workspace,
		/** Each card's report id and its key (session/card-results cardResultKey). */
		private readonly keys: () => ReadonlyMap<string, string>,
		private readonly live: (reportId: string) => ReportResult | undefined
	) {}

	/** The kept result of a report's card, while its live figure is not in. */
	kept(reportId: string): KeptResult | undefined {
		return this.#kept.get(reportId);
	}

	/**
	 * Whether the kept results of the cards' keys have been read (the read gives up after
	 * STORAGE_MS): the page computes the live figures once they are, so the cards that have kept
	 * figures are drawn first. An open workspace reads them in a few ms; one still opening, once
	 * its own reads are done — when its rows, which the live figures need, are in too.
	 */
	get settled(): boolean {
		return this.#settled;
	}

	/**
	 * Reads the cards' kept results (in an $effect: again when a key changes, and once the
	 * workspace has opened, when whether their data changed since can be told).
	 */
	read(): () => void {
		const ws = this.ws();
		void ws.loaded;
		const keys = new Map(this.keys());
		const keysText = JSON.stringify([...keys]);
		let stopped = false;
		if (keysText !== this.#readFor) {
			this.#readFor = keysText;
			this.#settled = false;
		}
		void (async () => {
			// The figures first, "as of" (changed: not known): whether the data changed since
			// needs a pass over the stored documents' keys, which the first render does not wait for.
			const found = await readCardResults(ws.id, [...keys.values()], null).catch(
				() => new Map<string, KeptResult>() // no kept figures: the live ones are computed
			);
			if (stopped) return;
			const next = new Map<string, KeptResult>();
			for (const [id, key] of keys) {
				const kept = found.get(key);
				if (kept) next.set(id, kept);
			}
			this.#kept = next;
			this.#settled = true;
			if (next.size === 0) return;
			const inputs = await workspaceInputs(ws);
			if (stopped || inputs === null) return;
			const told = new Map<string, KeptResult>();
			for (const [id, kept] of next) told.set(id, { ...kept, changed: kept.inputs !== inputs });
			this.#kept = told;
		})();
		return () => {
			// A read cut short by the same keys read again (the workspace opened) leaves `settled`
			// as it was: the live figures wait for that next read.
			stopped = true;
		};
	}

	/** Keeps each live result that landed (in an $effect: runs as results land). */
	keep(): () => void {
		const ws = this.ws();
		void ws.loaded; // the state of its data is known once open: what landed before is kept then
		const landed: [string, ReportResult][] = [];
		for (const [id, key] of this.keys()) {
			const result = this.live(id);
			if (result && result.pending === undefined && this.#written.get(key) !== result)
				landed.push([key, result]);
		}
		if (landed.length === 0) return () => {};
		const at = Date.now(); // as the figures landed (this runs right after)
		let stopped = false;
		const write = async () => {
			// The workspace's state read after the figures were computed: an edit they miss that
			// came meanwhile recomputes them, and they are kept again with the newer state.
			const inputs = await workspaceInputs(ws);
			if (inputs === null) return;
			for (const [key, result] of landed) {
				if (stopped) return;
				this.#written.set(key, result);
				await keepCardResult(ws.id, key, result, inputs, at);
			}
		};
		const timer = setTimeout(() => void write(), KEEP_AFTER_MS);
		return () => {
			stopped = true;
			clearTimeout(timer);
		};
	}
}

/**
 * What a kept card says: "As of 10:42 — updating", or, when the data changed since it was
 * computed, "Changed since 10:42 — updating"; a day other than today is named too.
 */
export function keptLabel(
	at: number,
	changed: boolean | null,
	now = Date.now(),
	locale?: string
): string {
	const sameDay = new Date(at).toDateString() === new Date(now).toDateString();
	const when = new Intl.DateTimeFormat(
		locale,
		sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' }
	).format(at);
	return `${changed ? 'Changed since' : 'As of'} ${when} — updating`;
}
