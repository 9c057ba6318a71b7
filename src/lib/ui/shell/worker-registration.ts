/**
 * When the service worker that lets the app open offline is registered. Installing it downloads
 * and caches the whole app (~150 files, 4 MB) from the relay; on a device that has no worker yet
 * that used to happen while the same relay sent the workspace, and a new device listed its 10k
 * people ~340 ms later for it (bench/sync.bench.ts: 2.16 s against 1.82 s, 8 runs each).
 * So a device without the worker registers it once nothing waits for the relay (the layout
 * says when: the workspace synced, held on the device already, or a first run creating one),
 * or after WORKER_LATEST_MS whatever happens (a relay out of reach: the app must still become
 * ready to open offline). A device the worker already controls registers after the page's
 * load, as before (the browser checks for a new version; nothing is downloaded unless there is
 * one).
 */

/** Synced this long without a break: the first sync is done, not just its core document. */
export const WORKER_SETTLED_MS = 1_000;

/** However long the first sync takes, the worker is registered this long after the page starts. */
export const WORKER_LATEST_MS = 10_000;

export interface WorkerHost {
	/** Whether a service worker controls this page (this device installed it before). */
	readonly controlled: boolean;
	register(): Promise<unknown>;
	/** Runs `run` once the page has loaded (at once if it has). */
	afterLoad(run: () => void): void;
	setTimeout(run: () => void, ms: number): void;
}

export class WorkerRegistration {
	#requested = false;

	constructor(
		private readonly host: WorkerHost,
		latestMs = WORKER_LATEST_MS
	) {
		if (host.controlled) this.settled();
		else host.setTimeout(() => this.settled(), latestMs);
	}

	/** Nothing waits for the relay any more (synced, or nothing to sync): register, once. */
	settled(): void {
		if (this.#requested) return;
		this.#requested = true;
		// A browser that refuses (private mode, a blocked worker) still runs the app online.
		this.host.afterLoad(() => void this.host.register().catch(() => {}));
	}
}

/** The page's registration: null where service workers do not exist (or are not allowed). */
export function pageWorkerRegistration(dev: boolean): WorkerRegistration | null {
	if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return null;
	return new WorkerRegistration({
		controlled: navigator.serviceWorker.controller !== null,
		// SvelteKit bundles the worker as a module under `vite dev` only.
		register: () =>
			navigator.serviceWorker.register('/service-worker.js', {
				type: dev ? 'module' : 'classic'
			}),
		afterLoad: (run) => {
			if (document.readyState === 'complete') run();
			else addEventListener('load', run, { once: true });
		},
		setTimeout: (run, ms) => void setTimeout(run, ms)
	});
}
