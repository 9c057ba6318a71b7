/**
 * "This changed" for Svelte readers, safe in an object made lazily by its first reader.
 *
 * A `$state` created while a `$derived` (or an effect) runs is not tracked by that same run:
 * Svelte lets a reaction make and read its own local state without re-running itself. A
 * per-workspace keeper made on first use — inside a dashboard's report `$derived` — had its
 * `$state` version read untracked on that first run, so when nothing else re-ran the derived,
 * the keeper's later bumps woke nobody (a card stayed "updating" after the reports worker had
 * answered). createSubscriber's signal has no such exemption: the reader that made it tracks it.
 */
import { createSubscriber } from 'svelte/reactivity';

export class ChangeSignal {
	#notify: (() => void) | null = null;
	readonly #subscribe = createSubscriber((update) => {
		this.#notify = update;
		return () => {
			this.#notify = null;
		};
	});

	/** Makes the calling reader run again at the next change. */
	track(): void {
		this.#subscribe();
	}

	/** Runs every reader that tracked again (none tracking: the next one reads anew anyway). */
	changed(): void {
		this.#notify?.();
	}
}
