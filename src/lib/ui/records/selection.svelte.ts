/**
 * The ids ticked in a list. The set is replaced on change rather than mutated, so a row's
 * checkbox and the header's "all shown" state react without per-id signals: a SvelteSet would
 * make one for each of the 100k ids the header's count reads.
 */
export class RowSelection {
	#ids = $state.raw<ReadonlySet<string>>(new Set());

	get ids(): ReadonlySet<string> {
		return this.#ids;
	}

	get size(): number {
		return this.#ids.size;
	}

	has(id: string): boolean {
		return this.#ids.has(id);
	}

	toggle(id: string): void {
		const next = new Set(this.#ids);
		if (!next.delete(id)) next.add(id);
		this.#ids = next;
	}

	/** Ticks every shown row, or unticks them all when they already are. */
	toggleAll(shown: readonly { id: string }[]): void {
		const next = new Set(this.#ids);
		const all = shown.length > 0 && shown.every((r) => next.has(r.id));
		for (const r of shown) {
			if (all) next.delete(r.id);
			else next.add(r.id);
		}
		this.#ids = next;
	}

	clear(): void {
		if (this.#ids.size) this.#ids = new Set();
	}
}
