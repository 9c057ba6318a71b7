/**
 * Who unsubscribed through a campaign's link. The relay records it on the person's record as
 * consent 'refused' and the key `unsubscribedAt` (README, "Campaign sending": the unsubscribe
 * link's POST); a person who refused consent some other way has no such key, so the
 * campaign screen can tell "unsubscribed" from "no marketing consent".
 */
import { readField } from './layout';
import type { Workspace } from './workspace.svelte';

export const UNSUBSCRIBED_AT = 'unsubscribedAt';

/** Of these people, the ones whose record says they unsubscribed. */
export function unsubscribedAmong(ws: Workspace, ids: Iterable<string>): Set<string> {
	const out = new Set<string>();
	for (const id of ids) {
		const map = ws.layout.people.get(id);
		const at = map ? readField(map, UNSUBSCRIBED_AT) : undefined;
		if (typeof at === 'number' && Number.isFinite(at)) out.add(id);
	}
	return out;
}
