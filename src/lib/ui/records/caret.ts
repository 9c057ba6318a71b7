/**
 * Where the caret goes when a peer's edit replaces the text under it: an insertion or deletion
 * before the caret shifts it, one after it leaves it alone, one around it clamps it.
 */
export interface Selection {
	start: number;
	end: number;
}

/** Finds the one changed span between two texts (common prefix and suffix trimmed). */
function changedSpan(before: string, after: string) {
	let prefix = 0;
	const max = Math.min(before.length, after.length);
	while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
	let suffix = 0;
	while (
		suffix < max - prefix &&
		before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
	) {
		suffix++;
	}
	return { at: prefix, removedEnd: before.length - suffix, delta: after.length - before.length };
}

function movePoint(pos: number, span: ReturnType<typeof changedSpan>, length: number): number {
	if (pos <= span.at) return pos;
	if (pos >= span.removedEnd) return Math.min(length, Math.max(0, pos + span.delta));
	// The caret sat inside text that was replaced: put it at the end of the new text there.
	return Math.min(length, span.removedEnd + span.delta);
}

export function adjustSelection(before: string, after: string, sel: Selection): Selection {
	if (before === after) return sel;
	const span = changedSpan(before, after);
	const start = movePoint(sel.start, span, after.length);
	const end = Math.max(start, movePoint(sel.end, span, after.length));
	return { start, end };
}
