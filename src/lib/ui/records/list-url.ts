/**
 * A list's view in its URL, so a view can be shared, survives a reload and the back button
 * walks through it: `q` the search, `sort` and `dir` the sort (left out at the type's default),
 * and each filter by its field's name, one parameter per value picked (`kind=lead&kind=client`;
 * `(nobody)` for "the field is empty"). Parameters the list does not own (`view`, `segment`, …)
 * are kept as they are.
 */
import type { SortDir } from '$lib/domain/sort';

export const NONE_PARAM = '(nobody)';

export interface ListView {
	query: string;
	picked: Record<string, (string | null)[]>;
	sortKey: string | null;
	sortDir: SortDir;
}

/** The parameters a list with these filter fields owns. */
function owned(filterFields: readonly string[]): Set<string> {
	return new Set(['q', 'sort', 'dir', ...filterFields]);
}

/**
 * The view the URL names. A sort key the list does not know (an old link, a hidden custom field
 * deleted since) falls back to the default; so does a direction other than asc/desc.
 */
export function readListView(
	params: URLSearchParams,
	filterFields: readonly string[],
	sortKeys: ReadonlySet<string>,
	defaultSort: { key: string | null; dir: SortDir }
): ListView {
	const picked: Record<string, (string | null)[]> = {};
	for (const f of filterFields) {
		picked[f] = params.getAll(f).map((v) => (v === NONE_PARAM ? null : v));
	}
	const key = params.get('sort');
	const known = key !== null && sortKeys.has(key);
	const dir = params.get('dir');
	return {
		query: params.get('q') ?? '',
		picked,
		sortKey: known ? key : defaultSort.key,
		sortDir: known && (dir === 'asc' || dir === 'desc') ? dir : known ? 'asc' : defaultSort.dir
	};
}

/** The URL's parameters with the view written in: the others kept, in their order. */
export function writeListView(
	params: URLSearchParams,
	view: ListView,
	filterFields: readonly string[],
	defaultSort: { key: string | null; dir: SortDir }
): URLSearchParams {
	const mine = owned(filterFields);
	const out = new URLSearchParams();
	for (const [k, v] of params) if (!mine.has(k)) out.append(k, v);
	if (view.query !== '') out.set('q', view.query);
	for (const f of filterFields) {
		for (const v of view.picked[f] ?? []) out.append(f, v === null ? NONE_PARAM : v);
	}
	if (view.sortKey !== defaultSort.key || view.sortDir !== defaultSort.dir) {
		if (view.sortKey !== null) {
			out.set('sort', view.sortKey);
			out.set('dir', view.sortDir);
		}
	}
	return out;
}

/** Whether two views differ only in the search text (a keystroke: replace, not push). */
export function onlyQueryDiffers(a: URLSearchParams, b: URLSearchParams): boolean {
	const strip = (p: URLSearchParams) => {
		const c = new URLSearchParams(p);
		c.delete('q');
		return c.toString();
	};
	return strip(a) === strip(b);
}
