/**
 * Which columns a user shows, in what order: kept on this device per workspace and record type
 * (localStorage; a preference, not shared data). The name column is always first and shown; a
 * column the type gains later (a new custom field) shows at the end unless it is hidden by
 * default; a key no longer there is forgotten.
 */
import type { Column } from './columns';

export interface ColumnPrefs {
	/** Keys in the user's order (the name's excluded). */
	order: string[];
	hidden: string[];
}

export function prefsKey(workspaceId: string, type: string): string {
	return `crm:columns:${workspaceId}:${type}`;
}

export function loadPrefs(key: string): ColumnPrefs | null {
	try {
		const raw = JSON.parse(localStorage.getItem(key) ?? 'null') as Partial<ColumnPrefs> | null;
		if (!raw || !Array.isArray(raw.order) || !Array.isArray(raw.hidden)) return null;
		const strings = (a: unknown[]) => a.filter((x): x is string => typeof x === 'string');
		return { order: strings(raw.order), hidden: strings(raw.hidden) };
	} catch {
		return null; // unreadable or refused: the default columns
	}
}

export function savePrefs(key: string, prefs: ColumnPrefs): void {
	try {
		localStorage.setItem(key, JSON.stringify(prefs));
	} catch {
		// storage refused (private mode, full): the choice lasts until the page is left
	}
}

/** Every column but the name, in the user's order, each with whether it is shown. */
export function arrange<T>(
	columns: readonly Column<T>[],
	prefs: ColumnPrefs | null
): { column: Column<T>; shown: boolean }[] {
	const rest = columns.slice(1);
	const rank = new Map((prefs?.order ?? []).map((k, i) => [k, i]));
	const ordered = rest
		.map((column, i) => ({ column, i }))
		.sort((a, b) => {
			const ra = rank.get(a.column.key) ?? rank.size + a.i;
			const rb = rank.get(b.column.key) ?? rank.size + b.i;
			return ra - rb;
		});
	const hidden = new Set(prefs?.hidden ?? []);
	const known = new Set(prefs ? [...prefs.order, ...prefs.hidden] : []);
	return ordered.map(({ column }) => ({
		column,
		shown: known.has(column.key) ? !hidden.has(column.key) : !column.hidden
	}));
}

/** The columns the table draws: the name, then the shown ones in order. */
export function visibleColumns<T>(
	columns: readonly Column<T>[],
	prefs: ColumnPrefs | null
): Column<T>[] {
	if (!columns.length) return [];
	return [
		columns[0],
		...arrange(columns, prefs)
			.filter((c) => c.shown)
			.map((c) => c.column)
	];
}

/** The prefs after showing or hiding one column. */
export function toggled<T>(
	columns: readonly Column<T>[],
	prefs: ColumnPrefs | null,
	key: string,
	shown: boolean
): ColumnPrefs {
	const all = arrange(columns, prefs);
	return {
		order: all.map((c) => c.column.key),
		hidden: all.filter((c) => (c.column.key === key ? !shown : !c.shown)).map((c) => c.column.key)
	};
}

/** The prefs after moving one column up (-1) or down (+1) among the others. */
export function moved<T>(
	columns: readonly Column<T>[],
	prefs: ColumnPrefs | null,
	key: string,
	delta: -1 | 1
): ColumnPrefs {
	const all = arrange(columns, prefs);
	const i = all.findIndex((c) => c.column.key === key);
	const j = i + delta;
	if (i !== -1 && j >= 0 && j < all.length) [all[i], all[j]] = [all[j], all[i]];
	return {
		order: all.map((c) => c.column.key),
		hidden: all.filter((c) => !c.shown).map((c) => c.column.key)
	};
}
