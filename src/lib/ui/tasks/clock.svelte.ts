/**
 * The time the task views and reminders read: reactive, ticking each minute and at an exact
 * moment asked for (the next reminder), so nothing polls every second. Tests drive it with the
 * browser's clock (Playwright's page.clock): every read goes through Date.now and setTimeout.
 */
const MINUTE = 60_000;

class Clock {
	now = $state(Date.now());
	#timer: ReturnType<typeof setTimeout> | null = null;
	#wake: ReturnType<typeof setTimeout> | null = null;
	#users = 0;

	/** Starts ticking while someone needs the time; returns how to stop. */
	use(): () => void {
		// A view starting now reads the time now, not the last minute's tick.
		if (this.#users++ === 0) this.#tick();
		else this.now = Date.now();
		return () => {
			if (--this.#users > 0) return;
			if (this.#timer) clearTimeout(this.#timer);
			if (this.#wake) clearTimeout(this.#wake);
			this.#timer = this.#wake = null;
		};
	}

	/** Updates `now` at `at` exactly (a reminder's time), besides the minute ticks. */
	wakeAt(at: number | null): void {
		if (this.#wake) clearTimeout(this.#wake);
		this.#wake = null;
		if (at === null || this.#users === 0) return;
		// Timers cannot wait longer than 2^31 ms; a far reminder is re-armed by the minute ticks.
		const wait = Math.min(Math.max(0, at - Date.now()), 2 ** 30);
		this.#wake = setTimeout(() => (this.now = Date.now()), wait);
	}

	/** Reads the time again now (the tab came back from the background). */
	refresh(): void {
		this.now = Date.now();
	}

	#tick = () => {
		// Not read back from the state: use() runs inside an effect, which would then depend on
		// `now` and re-run (and tick) on every change of it, up to Svelte's 1,000-update limit.
		const now = Date.now();
		this.now = now;
		this.#timer = setTimeout(this.#tick, MINUTE - (now % MINUTE));
	};
}

export const clock = new Clock();
