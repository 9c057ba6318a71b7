/**
 * Keeps the saved segments' daily size log (data/segment-size-log.ts) while a workspace is
 * open on a device that may write: soon after the open and then every few minutes, each saved
 * segment whose size nobody logged today (UTC) is counted and logged. Counting waits for the
 * rows and the buying patterns (purchase conditions match nobody before them, and a size of 0
 * logged then would be a lie), and counts one segment per task, so no task holds the page long.
 */
import { savedSegmentsOf } from '$lib/data/saved-segments';
import { segmentSizeLogOf } from '$lib/data/segment-size-log';
import type { Workspace } from '$lib/data/workspace.svelte';
import { personFacts } from './segment-facts';
import { segmentMembers } from './segments';

const FIRST_CHECK_MS = 20_000;
const CHECK_MS = 10 * 60_000;

export function keepSegmentSizeLog(ws: Workspace): () => void {
	let timer: ReturnType<typeof setTimeout> | null = null;
	let stopped = false;
	const log = segmentSizeLogOf(ws);

	const check = () => {
		timer = null;
		if (stopped) return;
		const now = Date.now();
		let due = ws.loaded ? savedSegmentsOf(ws).list.filter((s) => !log.logged(s.id, now)) : [];
		// Only then the buying patterns: asking for them starts the purchases worker.
		if (due.length && !personFacts(ws).purchases.ready) due = [];
		const next = () => {
			const segment = due.shift();
			if (stopped) return;
			if (!segment) {
				timer = setTimeout(check, CHECK_MS);
				return;
			}
			// Still unlogged (a peer's entry may have arrived) and still a segment.
			if (!log.logged(segment.id, now) && savedSegmentsOf(ws).get(segment.id))
				log.log(segment.id, segmentMembers(ws, segment.id).count, now);
			timer = setTimeout(next, 0);
		};
		next();
	};

	const stop = () => {
		stopped = true;
		if (timer) clearTimeout(timer);
	};
	timer = setTimeout(check, FIRST_CHECK_MS);
	ws.docs.core.once('destroy', stop);
	return stop;
}
