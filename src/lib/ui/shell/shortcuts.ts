/**
 * Every keyboard shortcut of the app, in one table: the layout reads keys through it and the "?"
 * dialog lists it, so the two cannot drift apart. Plain-key shortcuts never fire while the user
 * types (inputs, textareas, selects, contenteditable, a listbox) nor inside a dialog, and none
 * fires with a modifier it does not name (Shift+J is not J).
 */
import { historyCommand, isTextField, type ShortcutEvent } from './keyboard';

export type { ShortcutEvent };

/** Where "g" then a letter goes: the section's path, as the navigation names it. */
export const SECTIONS = [
	{ key: 'h', path: '/interactions', label: 'Timeline (home)' },
	{ key: 'p', path: '/people', label: 'People' },
	{ key: 'o', path: '/organizations', label: 'Organizations' },
	{ key: 't', path: '/tasks', label: 'Tasks' },
	{ key: 'd', path: '/deals', label: 'Deals' },
	{ key: 'r', path: '/requests', label: 'Requests' },
	{ key: 'c', path: '/products', label: 'Products (catalogue)' },
	{ key: 'b', path: '/orders', label: 'Orders (bought)' },
	{ key: 'g', path: '/goals', label: 'Goals' },
	{ key: 'm', path: '/campaigns', label: 'Campaigns (mail)' },
	{ key: 'a', path: '/dashboards', label: 'Dashboards (analytics)' },
	{ key: 'u', path: '/duplicates', label: 'Duplicates' },
	{ key: 'x', path: '/deleted/people', label: 'Recently deleted' },
	{ key: 'i', path: '/import-export', label: 'Import & export' },
	{ key: 's', path: '/settings', label: 'Settings' }
] as const;

export type Command =
	| { kind: 'palette' }
	| { kind: 'help' }
	| { kind: 'search' }
	| { kind: 'log' }
	| { kind: 'undo' }
	| { kind: 'redo' }
	| { kind: 'next' }
	| { kind: 'prev' }
	| { kind: 'edit' }
	| { kind: 'leave' }
	| { kind: 'go'; path: string };

export interface ShortcutRow {
	/** The keys as the "?" dialog shows them, one <kbd> each: ['Ctrl', 'K']. */
	keys: string[];
	/** Keys pressed one after the other rather than together ("g" then "p"). */
	sequence?: true;
	label: string;
}

export interface ShortcutGroup {
	title: string;
	rows: ShortcutRow[];
}

/** The table the "?" dialog shows; `read` below implements exactly these. */
export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
	{
		title: 'Anywhere',
		rows: [
			{
				keys: ['Ctrl', 'K'],
				label: 'Command palette: go to a record, run an action (⌘K on a Mac)'
			},
			{ keys: ['?'], label: 'This list of shortcuts' },
			{ keys: ['/'], label: "Focus the page's search" },
			{ keys: ['L'], label: 'Log a call, meeting or other interaction' },
			{ keys: ['Ctrl', 'Z'], label: 'Undo your last edit' },
			{ keys: ['Ctrl', 'Shift', 'Z'], label: 'Redo (also Ctrl+Y)' },
			{ keys: ['Esc'], label: 'Leave: close the dialog, clear the search, back to the list' }
		]
	},
	{
		title: 'Go to',
		rows: SECTIONS.map((s) => ({
			keys: ['G', s.key.toUpperCase()],
			sequence: true,
			label: s.label
		}))
	},
	{
		title: 'Lists and records',
		rows: [
			{ keys: ['J'], label: 'Next row' },
			{ keys: ['K'], label: 'Previous row' },
			{ keys: ['Enter'], label: 'Open the row' },
			{ keys: ['E'], label: "Edit: focus the record's first field" }
		]
	}
];

const LETTERS: Record<string, Command> = {
	l: { kind: 'log' },
	j: { kind: 'next' },
	k: { kind: 'prev' },
	e: { kind: 'edit' }
};

/** How long after "g" its letter is awaited. */
export const SEQUENCE_MS = 1500;

interface ElementLike {
	tagName?: string;
	closest?: (selector: string) => unknown;
}

/** Typing into something (a text field, a select, a listbox), where plain keys are text. */
export function isTyping(target: EventTarget | null): boolean {
	if (isTextField(target)) return true;
	const el = target as ElementLike | null;
	if (el?.tagName?.toLowerCase() === 'select') return true;
	return !!el?.closest?.('[role="listbox"], [role="combobox"], [contenteditable]');
}

function inDialog(target: EventTarget | null): boolean {
	return !!(target as ElementLike | null)?.closest?.('dialog, [role="dialog"]');
}

/**
 * Reads keydowns into commands; remembers a pending "g" between two calls. `now` is the event's
 * time in ms (tests pass their own).
 */
export class ShortcutReader {
	#gAt = -Infinity;

	read(e: ShortcutEvent, now: number): Command | null {
		const key = e.key;
		if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && key.toLowerCase() === 'k') {
			return { kind: 'palette' };
		}
		const history = historyCommand(e);
		if (history) return { kind: history };
		if (e.ctrlKey || e.metaKey || e.altKey) return null;
		if (key === 'Escape')
			return isTyping(e.target) || inDialog(e.target) ? null : { kind: 'leave' };
		if (isTyping(e.target) || inDialog(e.target)) return null;
		// "?" and "/" are whatever keys the layout needs to type them: Shift is theirs.
		if (key === '?') return { kind: 'help' };
		if (key === '/') return { kind: 'search' };
		if (e.shiftKey || key.length !== 1) return null;
		const letter = key.toLowerCase();
		if (now - this.#gAt <= SEQUENCE_MS) {
			this.#gAt = -Infinity;
			const section = SECTIONS.find((s) => s.key === letter);
			return section ? { kind: 'go', path: section.path } : null;
		}
		if (letter === 'g') {
			this.#gAt = now;
			return null;
		}
		return LETTERS[letter] ?? null;
	}
}
