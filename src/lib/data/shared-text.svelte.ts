/** A Y.Text seen as a plain string that merges character by character. */
import type * as Y from 'yjs';
import type { SharedText } from './types';
import { LOCAL_EDIT } from './origins';
import { subscriberOf } from './y-subscriber';
import { TEXTS_JOINED_BY } from './record-texts';

export class YSharedText implements SharedText {
	private readonly subscribe: () => void;

	constructor(private readonly text: Y.Text) {
		this.subscribe = subscriberOf(text, false);
	}

	/** Whether this is the view of exactly `texts` (not of one a concurrent copy replaced). */
	wraps(texts: readonly Y.Text[]): boolean {
		return texts.length === 1 && texts[0] === this.text;
	}

	get current(): string {
		this.subscribe();
		return this.text.toString();
	}

	/** Writes only the span that differs, so a peer's concurrent typing elsewhere survives. */
	set(next: string): void {
		const span = changedSpan(this.text.toString(), next);
		if (!span) return;
		this.text.doc!.transact(() => {
			if (span.removed > 0) this.text.delete(span.at, span.removed);
			if (span.inserted) this.text.insert(span.at, span.inserted);
		}, LOCAL_EDIT);
	}
}

/**
 * A record's two texts of one field seen as one string, joined as readers join them
 * (record-texts.ts: notes typed before the record's nested text arrived). What is typed goes to
 * the text it is typed in. The line between them is in neither: deleting it moves the second
 * text's words to the end of the first, so the line stays gone (what a peer types into the
 * second meanwhile stays there, on a line of its own).
 */
export class JoinedSharedText implements SharedText {
	private readonly subscribers: (() => void)[];

	constructor(private readonly texts: readonly [Y.Text, Y.Text]) {
		this.subscribers = texts.map((text) => subscriberOf(text, false));
	}

	/** Whether this is the view of exactly `texts`. */
	wraps(texts: readonly Y.Text[]): boolean {
		return texts.length === 2 && texts[0] === this.texts[0] && texts[1] === this.texts[1];
	}

	get current(): string {
		for (const subscribe of this.subscribers) subscribe();
		return this.parts().join('');
	}

	set(next: string): void {
		const [first, joint, second] = this.parts();
		const span = changedSpan(first + joint + second, next);
		if (!span) return;
		const [a, b] = this.texts;
		const secondAt = first.length + joint.length;
		a.doc!.transact(() => {
			// Removed: the part of the span in each text (from the second first: offsets hold).
			const end = span.at + span.removed;
			if (end > secondAt)
				b.delete(Math.max(span.at, secondAt) - secondAt, end - Math.max(span.at, secondAt));
			if (span.at < first.length) a.delete(span.at, Math.min(end, first.length) - span.at);
			const acrossLine = joint !== '' && span.at <= first.length && end >= secondAt;
			if (span.at > first.length) b.insert(span.at - secondAt, span.inserted);
			else if (!acrossLine) a.insert(span.at, span.inserted);
			else {
				// Replaced across the line between them: what comes before a line in the new text
				// is the first text's end, what comes after it the second's start. With no line
				// in it, the line was deleted: the second text's words join the first's.
				const line = span.inserted.indexOf(joint);
				a.insert(span.at, line < 0 ? span.inserted : span.inserted.slice(0, line));
				if (line >= 0) b.insert(0, span.inserted.slice(line + joint.length));
				else moveToEnd(b, a);
			}
		}, LOCAL_EDIT);
	}

	private parts(): [string, string, string] {
		const first = this.texts[0].toString();
		const second = this.texts[1].toString();
		return [first, first && second ? TEXTS_JOINED_BY : '', second];
	}
}

/** Moves what `from` holds to the end of `to` (in the caller's transaction). */
function moveToEnd(from: Y.Text, to: Y.Text): void {
	const words = from.toString();
	if (!words) return;
	from.delete(0, words.length);
	to.insert(to.length, words);
}

/** The one span where `next` differs from `prev`, or null when they are the same. */
function changedSpan(
	prev: string,
	next: string
): { at: number; removed: number; inserted: string } | null {
	if (prev === next) return null;
	let start = 0;
	while (start < prev.length && start < next.length && prev[start] === next[start]) start++;
	let endPrev = prev.length;
	let endNext = next.length;
	while (endPrev > start && endNext > start && prev[endPrev - 1] === next[endNext - 1]) {
		endPrev--;
		endNext--;
	}
	return { at: start, removed: endPrev - start, inserted: next.slice(start, endNext) };
}

/** For a record that does not exist (yet): reads empty, writes nothing. */
export const NO_TEXT: SharedText = { current: '', set: () => {} };
