import { describe, expect, it } from 'vitest';
import { WORKER_LATEST_MS, WorkerRegistration, type WorkerHost } from './worker-registration';

/** A page whose load, timers and registrations the test runs by hand. */
function page(controlled: boolean) {
	const timers: { at: number; run: () => void }[] = [];
	const onLoad: (() => void)[] = [];
	const state = { loaded: false, registered: 0 };
	const host: WorkerHost = {
		controlled,
		register: async () => void state.registered++,
		afterLoad: (run) => (state.loaded ? run() : onLoad.push(run)),
		setTimeout: (run, ms) => void timers.push({ at: ms, run })
	};
	return {
		host,
		state,
		load() {
			state.loaded = true;
			for (const run of onLoad.splice(0)) run();
		},
		advanceTo(ms: number) {
			for (const t of timers.filter((t) => t.at <= ms)) {
				timers.splice(timers.indexOf(t), 1);
				t.run();
			}
		}
	};
}

describe('the service worker registration', () => {
	it('waits on a device without the worker until nothing waits for the relay', () => {
		const p = page(false);
		const registration = new WorkerRegistration(p.host);
		p.load();
		expect(p.state.registered).toBe(0); // the first sync is under way
		registration.settled();
		expect(p.state.registered).toBe(1);
		registration.settled(); // synced again later: once is enough
		p.advanceTo(WORKER_LATEST_MS);
		expect(p.state.registered).toBe(1);
	});

	it('registers at the latest WORKER_LATEST_MS after the start (a relay out of reach)', () => {
		const p = page(false);
		new WorkerRegistration(p.host);
		p.load();
		p.advanceTo(WORKER_LATEST_MS - 1);
		expect(p.state.registered).toBe(0);
		p.advanceTo(WORKER_LATEST_MS);
		expect(p.state.registered).toBe(1);
	});

	it('registers after the load on a device the worker already controls', () => {
		const p = page(true);
		new WorkerRegistration(p.host);
		expect(p.state.registered).toBe(0); // not before the page has loaded
		p.load();
		expect(p.state.registered).toBe(1);
	});

	it('waits for the load even when settled before it', () => {
		const p = page(false);
		new WorkerRegistration(p.host).settled();
		expect(p.state.registered).toBe(0);
		p.load();
		expect(p.state.registered).toBe(1);
	});

	it('keeps the app running when the browser refuses the worker', async () => {
		const p = page(true);
		p.host.register = () => Promise.reject(new Error('blocked'));
		new WorkerRegistration(p.host);
		expect(() => p.load()).not.toThrow();
		await Promise.resolve();
	});
});
