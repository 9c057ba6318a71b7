/**
 * A deal's stage trail, kept on the deal itself: every change of its stage also writes a side
 * key `stage@<ms>:<member>` = { from, to } (layout.ts), in the same transaction (so undo takes
 * the move and its entry back together). One key per move: two devices moving the same deal at
 * once both keep their entry, while the `stage` field keeps one of the two moves. The history
 * log says the same, but only for the months open on the device (three); pipeline metrics
 * over years of closed deals read the trail (domain/pipelines/trail.ts, metrics.ts).
 */
import * as Y from 'yjs';
import { STAGE_TRAIL_PREFIX, type RecordMap, type StoredRecord } from './layout';
import type { TrailMove } from '$lib/domain/pipelines/trail';

export function trailKey(at: number, memberId: string): string {
	return `${STAGE_TRAIL_PREFIX}${at}:${memberId}`;
}

/** Adds one move's entry (a second move by the same member in the same ms takes the next ms). */
export function writeTrailEntry(
	map: RecordMap,
	from: unknown,
	to: unknown,
	at: number,
	memberId: string
): void {
	if (typeof to !== 'string') return;
	let when = at;
	while (map.has(trailKey(when, memberId))) when++;
	map.set(trailKey(when, memberId), { from: typeof from === 'string' ? from : null, to });
}

/** A record's moves in a backup (backup-export.ts, backup-restore.ts): beside its fields. */
export const BACKUP_TRAIL = '$stageTrail';

/** Writes moves read from a backup back as their keys (malformed ones are skipped). */
export function restoreTrail(map: RecordMap, moves: unknown): void {
	if (!Array.isArray(moves)) return;
	for (const m of moves as Partial<TrailMove>[]) {
		if (typeof m !== 'object' || m === null || typeof m.to !== 'string') continue;
		if (typeof m.at !== 'number' || !Number.isFinite(m.at) || typeof m.by !== 'string') continue;
		map.set(trailKey(m.at, m.by), { from: typeof m.from === 'string' ? m.from : null, to: m.to });
	}
}

/** The record's moves, in time order (ties by who moved, so every device agrees). */
export function readTrail(record: StoredRecord): TrailMove[] {
	const moves: TrailMove[] = [];
	if (!(record instanceof Y.Map)) return moves; // a settled record has none (settled-records.ts)
	record.forEach((value, key) => {
		if (!key.startsWith(STAGE_TRAIL_PREFIX)) return;
		const rest = key.slice(STAGE_TRAIL_PREFIX.length);
		const colon = rest.indexOf(':');
		const at = Number(rest.slice(0, colon));
		const v = value as { from?: unknown; to?: unknown } | null;
		if (colon < 0 || !Number.isFinite(at) || typeof v?.to !== 'string') return; // a buggy peer's
		moves.push({
			at,
			by: rest.slice(colon + 1),
			from: typeof v.from === 'string' ? v.from : null,
			to: v.to
		});
	});
	return moves.sort((a, b) => a.at - b.at || (a.by < b.by ? -1 : a.by > b.by ? 1 : 0));
}
