/**
 * The saved segments' daily size log, in the core document's meta map (domain/reports/
 * segment-sizes.ts says why a log and what a key holds). Written as DERIVED: a count, not an
 * edit anyone made, so it is neither undoable nor in the history.
 */
import {
	readSizeLog,
	sizeKey,
	utcDay,
	type SizeEntry
} from '$lib/domain/reports/segment-size-entries';
import { DERIVED } from './origins';
import type { Workspace } from './workspace.svelte';
import { subscriberOf } from './y-subscriber';

export type { SizeEntry };

export class SegmentSizeLog {
	private readonly subscribe: () => void;
	private cache: Map<string, SizeEntry[]> | null = null;

	constructor(private readonly ws: Workspace) {
		this.subscribe = subscriberOf(ws.layout.meta, false);
		ws.layout.meta.observe((e) => {
			for (const key of e.keysChanged) if (key.startsWith('segmentSize:')) this.cache = null;
		});
	}

	/** Every segment's entries, oldest first (reactive). */
	get all(): ReadonlyMap<string, SizeEntry[]> {
		this.subscribe();
		return (this.cache ??= readSizeLog(this.ws.layout.meta.entries()));
	}

	/** Whether the segment's size was logged on the UTC day of `now` (by any device). */
	logged(segmentId: string, now: number): boolean {
		return this.ws.layout.meta.has(sizeKey(segmentId, utcDay(now)));
	}

	/** Logs the size unless that day has one already: at most one key per segment and day. */
	log(segmentId: string, size: number, now: number): void {
		if (this.logged(segmentId, now)) return;
		this.ws.docs.core.transact(
			() => this.ws.layout.meta.set(sizeKey(segmentId, utcDay(now)), { size, at: now }),
			DERIVED
		);
	}
}

const logs = new WeakMap<Workspace, SegmentSizeLog>();

export function segmentSizeLogOf(ws: Workspace): SegmentSizeLog {
	let l = logs.get(ws);
	if (!l) logs.set(ws, (l = new SegmentSizeLog(ws)));
	return l;
}
