/**
 * Short messages shown at the bottom of the screen ("Person deleted — Undo"). One instance for
 * the whole app; the layout renders `items` in an aria-live region.
 */

export interface ToastAction {
	label: string;
	run: () => void;
}

export interface Toast {
	id: string;
	message: string;
	kind: 'info' | 'error';
	action?: ToastAction;
}

export interface ToastOptions {
	action?: ToastAction;
	/** 0 keeps the toast until dismissed. */
	timeoutMs?: number;
	kind?: 'info' | 'error';
}

/** Toasts with an action stay longer: the reader needs time to decide to undo. */
const DEFAULT_TIMEOUT_MS = 5_000;
const ACTION_TIMEOUT_MS = 8_000;
/** Older toasts give way: a burst of deletes must not cover the screen. */
const MAX_VISIBLE = 4;

export class Toasts {
	#items = $state<Toast[]>([]);
	#timers = new Map<string, ReturnType<typeof setTimeout>>();
	#next = 0;

	get items(): Toast[] {
		return this.#items;
	}

	show(message: string, opts: ToastOptions = {}): string {
		const id = `toast-${++this.#next}`;
		const toast: Toast = { id, message, kind: opts.kind ?? 'info', action: opts.action };
		const kept = [...this.#items, toast];
		for (const dropped of kept.splice(0, Math.max(0, kept.length - MAX_VISIBLE))) {
			this.#clearTimer(dropped.id);
		}
		this.#items = kept;
		const timeout = opts.timeoutMs ?? (opts.action ? ACTION_TIMEOUT_MS : DEFAULT_TIMEOUT_MS);
		if (timeout > 0)
			this.#timers.set(
				id,
				setTimeout(() => this.dismiss(id), timeout)
			);
		return id;
	}

	/** Runs the toast's action once, then removes the toast. */
	act(id: string): void {
		const toast = this.#items.find((t) => t.id === id);
		this.dismiss(id);
		toast?.action?.run();
	}

	dismiss(id: string): void {
		this.#clearTimer(id);
		this.#items = this.#items.filter((t) => t.id !== id);
	}

	#clearTimer(id: string): void {
		const timer = this.#timers.get(id);
		if (timer !== undefined) clearTimeout(timer);
		this.#timers.delete(id);
	}
}

export const toasts = new Toasts();
