/**
 * Undo/redo keys and what counts as a text field; shortcuts.ts declares the other shortcuts. In a
 * text field the browser's own undo applies (it undoes
 * typing, which the workspace has not seen as one edit yet), so those keys are left alone there.
 */

export type HistoryCommand = 'undo' | 'redo';

export interface ShortcutEvent {
	key: string;
	ctrlKey: boolean;
	metaKey: boolean;
	shiftKey: boolean;
	altKey: boolean;
	target: EventTarget | null;
}

const TEXT_INPUT_TYPES = new Set([
	'text',
	'search',
	'email',
	'tel',
	'url',
	'password',
	'number',
	'date',
	'datetime-local',
	'month',
	'week',
	'time'
]);

interface ElementLike {
	tagName?: string;
	type?: string;
	isContentEditable?: boolean;
}

/** True for elements where Ctrl+Z edits text: inputs that take typing, textareas, contenteditable. */
export function isTextField(target: EventTarget | null): boolean {
	const el = target as ElementLike | null;
	if (!el || typeof el.tagName !== 'string') return false;
	if (el.isContentEditable) return true;
	const tag = el.tagName.toLowerCase();
	if (tag === 'textarea') return true;
	if (tag !== 'input') return false;
	return TEXT_INPUT_TYPES.has((el.type ?? 'text').toLowerCase());
}

/** Ctrl/Cmd+Z → undo; Ctrl/Cmd+Shift+Z and Ctrl+Y → redo; anything else (or in a text field) → null. */
export function historyCommand(e: ShortcutEvent): HistoryCommand | null {
	if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
	if (isTextField(e.target)) return null;
	const key = e.key.toLowerCase();
	if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
	if (key === 'y' && e.ctrlKey && !e.shiftKey) return 'redo';
	return null;
}
