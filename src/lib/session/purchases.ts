/**
 * Every customer's buying pattern and effort, for pages and segments: computed off the page's
 * thread by the purchases worker (workers/purchases.worker.ts) from every month of orders and
 * interactions on the device — the months not open here too — and kept here as plain maps.
 * Recomputed on open, shortly after orders, interactions or rates change (the worker re-reads
 * only the months whose stored rows changed), and every hour (recency moves with the days).
 * A worker that fails or stops answering says so; the figures shown stay those of the last
 * computation that finished, with its time, and nothing is made up.
 */
import { ChangeSignal } from '$lib/data/change-signal';
import { currencyOf } from '$lib/data/currency';
import type { Workspace } from '$lib/data/workspace.svelte';
import { interaction, order } from '$lib/domain/record-types';
import type { EffortProfile } from '$lib/domain/purchases/effort';
import type { PurchaseProfile } from '$lib/domain/purchases/profile';
import type { FromPurchasesWorker, ToPurchasesWorker } from '$lib/workers/purchases-protocol';
import { WorkerRequests } from './worker-requests';

export type { EffortProfile } from '$lib/domain/purchases/effort';
export type { PurchaseProfile, Purchase, RfmCell, ChurnRisk } from '$lib/domain/purchases/profile';

export interface PurchaseProfiles {
	/** false until the first computation is done (then the maps are complete). */
	readonly ready: boolean;
	/** Bumps after each recomputation; reading it (or any figure here) makes a reader re-run. */
	readonly version: number;
	/** When the profiles were computed (ms). */
	readonly computedAt: number;
	/** Why the last computation failed, or null. */
	readonly error: string | null;
	get(customerId: string): PurchaseProfile | undefined;
	all(): ReadonlyMap<string, PurchaseProfile>;
	effort(customerId: string): EffortProfile | undefined;
	/** Called after each recomputation with the customer ids whose profile or effort changed. */
	onChange(listener: (changed: ReadonlySet<string>) => void): () => void;
}

/** Quiet time after the last change before recomputing: a burst of edits is one computation. */
const DEBOUNCE_MS = 800;
/** How long one computation may take before the worker is deemed stuck (a cold read of a
 * million order lines takes seconds on a slow device). */
const ANSWER_LIMIT_MS = 120_000;
const HOURLY_MS = 3_600_000;
const FAMILIES = new Set<string>([order.collection, interaction.collection]);

class LiveProfiles implements PurchaseProfiles {
	#ready = false;
	#version = 0;
	#computedAt = 0;
	#error: string | null = null;
	/** Readers run again after each computation (made by its first reader: see ChangeSignal). */
	readonly #changes = new ChangeSignal();
	private readonly profiles = new Map<string, PurchaseProfile>();
	private readonly efforts = new Map<string, EffortProfile>();
	private readonly listeners = new Set<(changed: ReadonlySet<string>) => void>();
	private readonly requests = new WorkerRequests<ToPurchasesWorker, FromPurchasesWorker>({
		start: () =>
			typeof Worker === 'undefined'
				? null
				: new Worker(new URL('../workers/purchases.worker.ts', import.meta.url), {
						type: 'module'
					}),
		isLast: (msg) => msg.type !== 'changed',
		limitMs: ANSWER_LIMIT_MS
	});
	private dirty = false;
	private debounce: ReturnType<typeof setTimeout> | null = null;
	private readonly stops: (() => void)[] = [];

	constructor(private readonly ws: Workspace) {
		const onUpdate = () => this.schedule();
		// The worker reads the device's copy: months fetched onto it count too.
		this.stops.push(ws.docs.onFamilyUpdates(FAMILIES, onUpdate));
		const onMeta = (e: { keysChanged: Set<string> }) => {
			for (const key of e.keysChanged)
				if (key === 'currency' || key.startsWith('rate:')) return this.schedule();
		};
		ws.layout.meta.observe(onMeta);
		this.stops.push(() => ws.layout.meta.unobserve(onMeta));
		const hourly = setInterval(() => this.schedule(), HOURLY_MS);
		this.stops.push(() => clearInterval(hourly));
		this.run();
	}

	get ready(): boolean {
		this.#changes.track();
		return this.#ready;
	}
	get version(): number {
		this.#changes.track();
		return this.#version;
	}
	get computedAt(): number {
		this.#changes.track();
		return this.#computedAt;
	}
	get error(): string | null {
		this.#changes.track();
		return this.#error;
	}
	get(customerId: string): PurchaseProfile | undefined {
		return this.profiles.get(customerId);
	}
	all(): ReadonlyMap<string, PurchaseProfile> {
		return this.profiles;
	}
	effort(customerId: string): EffortProfile | undefined {
		return this.efforts.get(customerId);
	}
	onChange(listener: (changed: ReadonlySet<string>) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	stop(): void {
		if (this.debounce) clearTimeout(this.debounce);
		for (const stop of this.stops.splice(0)) stop();
		this.requests.reset();
	}

	private schedule(): void {
		if (this.debounce) clearTimeout(this.debounce);
		this.debounce = setTimeout(() => {
			this.debounce = null;
			this.run();
		}, DEBOUNCE_MS);
	}

	private run(): void {
		if (this.requests.busy) {
			this.dirty = true;
			return;
		}
		this.dirty = false;
		const currency = currencyOf(this.ws);
		/** The ids whose profile or effort this computation changed so far. */
		const changed = new Set<string>();
		const sent = this.requests.send(
			(id): ToPurchasesWorker => ({
				type: 'compute',
				id,
				ws: this.ws.id,
				currency: currency.currency,
				rates: currency.rates.map((r) => ({ ...r })),
				now: Date.now()
			}),
			{
				answer: (msg) => this.receive(msg, changed),
				fail: (why) => this.fail(`The purchases worker ${why}; buying patterns are not up to date.`)
			}
		);
		if (!sent) {
			this.#error = 'This browser cannot run the purchases worker: buying patterns are not shown.';
			this.#changes.changed();
		}
	}

	private receive(msg: FromPurchasesWorker, changed: Set<string>): void {
		if (msg.type === 'failed')
			return this.fail(`Buying patterns could not be computed: ${msg.message}`);
		if (msg.type === 'changed') {
			for (const [id, p] of msg.profiles) {
				if (p) this.profiles.set(id, p);
				else this.profiles.delete(id);
				changed.add(id);
			}
			for (const [id, e] of msg.effort) {
				if (e) this.efforts.set(id, e);
				else this.efforts.delete(id);
			}
			return;
		}
		if (msg.full)
			for (const map of [this.profiles, this.efforts])
				for (const id of map.keys()) if (!changed.has(id)) map.delete(id);
		this.#computedAt = msg.computedAt;
		this.#error = null;
		this.#ready = true;
		this.#version++;
		this.#changes.changed();
		for (const listener of this.listeners) listener(changed);
		if (this.dirty) this.run();
	}

	/** The figures stay those of the last computation that finished; the worker is ended (a
	 * half-received answer goes with it: the next one, new, sends everyone again). */
	private fail(message: string): void {
		this.requests.reset();
		this.#error = message;
		this.#version++;
		this.#changes.changed();
		if (this.dirty) this.schedule();
	}
}

const live = new WeakMap<Workspace, LiveProfiles>();

/** The open workspace's profiles (one per workspace, started on first call, stopped on close). */
export function purchaseProfiles(ws: Workspace): PurchaseProfiles {
	let p = live.get(ws);
	if (!p) {
		const profiles = (p = new LiveProfiles(ws));
		live.set(ws, profiles);
		ws.docs.core.once('destroy', () => profiles.stop());
	}
	return p;
}
