/** A Y.Text seen as a plain string that merges character by character. */
import type * as Y from 'yjs';
import type { SharedText } from './types';
import { LOCAL_EDIT } from './origins';
import { subscriberOf } from './y-subscriber';

export class YSharedText implements SharedText {
	private readonly subscribe: () => void;

	constructor(private readonly text: Y.Text) {
		this.subscribe = subscriberOf(text, false);
	}

	/** Whether this is the view of `text` (not of one a concurrent copy replaced). */
	wraps(text: Y.Text): boolean {
		return this.text === text;
	}

	get current(): string {
		this.subscribe();
		return this.text.toString();
	}

	/** Writes only the span that differs, so a peer's concurrent typing elsewhere survives. */
	set(next: string): void {
		const prev = this.text.toString();
		if (prev === next) return;
		let start = 0;
		while (start < prev.length && start < next.length && prev[start] === next[start]) start++;
		let endPrev = prev.length;
		let endNext = next.length;
		while (endPrev > start && endNext > start && prev[endPrev - 1] === next[endNext - 1]) {
			endPrev--;
			endNext--;
		}
		this.text.doc!.transact(() => {
			if (endPrev > start) this.text.delete(start, endPrev - start);
			if (endNext > start) this.text.insert(start, next.slice(start, endNext));
		}, LOCAL_EDIT);
	}
}

/** For a record that does not exist (yet): reads empty, writes nothing. */
export const NO_TEXT: SharedText = { current: '', set: () => {} };
