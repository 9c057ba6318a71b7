/** How the request screens write its times and people. */
import type { Workspace } from '$lib/data/workspace.svelte';

const moment = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A moment in this device's zone ('1 Jun 2026, 10:00'); '' for none. */
export function momentText(ms: number | null): string {
	return ms === null ? '' : moment.format(ms);
}

/** A person's name as the queue shows it, '' for none. */
export function personNameOf(ws: Workspace, id: string | null): string {
	if (!id) return '';
	ws.peopleLive.subscribe(); // row() alone is not reactive: the person may arrive later
	const row = ws.peopleLive.row(id);
	return row ? row.name || 'Unnamed person' : '';
}
