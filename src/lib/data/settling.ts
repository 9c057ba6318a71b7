/**
 * Settles the open workspace's records in the background (settled-records.ts), a few per idle
 * slice, while synced with the relay; and keeps every record shard's edits across peers'
 * settles from the moment the shard opens.
 */
import * as Y from 'yjs';
import { RECORD_TYPES } from '$lib/domain/record-types';
import { familyOf } from './shards';
import { keepEditsAcrossSettles, isSettleable, settleRecords } from './settled-records';
import type { ShardMap } from './layout';
import type { Slices } from './slices';
import type { WorkspaceDocs } from './workspace-docs';

/** The first pass waits this long after the open: the first sync and first clicks go first. */
export const FIRST_PASS_AFTER_MS = 20_000;
const PASS_EVERY_MS = 6 * 60 * 60 * 1000;
/** A pass that could not start (offline) is tried again after this. */
const RETRY_MS = 60_000;
/**
 * A shard's records are settled in groups by a hash of their id, ~25 a group (a transaction, one
 * small update, between which the pass may pause): the same records make the same batch on every
 * device, so devices settling at once from the same state write the same structs (one copy, not
 * one per device). The number of groups grows by doubling with the document's records (a month
 * of 20k interactions), so devices counting a few records apart still agree.
 */
const PER_GROUP = 25;
const MIN_GROUPS = 16;

export function groupsFor(records: number): number {
	let groups = MIN_GROUPS;
	while (records / groups > PER_GROUP * 1.5) groups *= 2;
	return groups;
}

/**
 * The group of record `id` among `groups`: the top bits of a hash of the id. Not its low bits:
 * the shard is FNV-1a's low bits (shards.ts), the same for every record of a shard.
 */
export function groupOf(id: string, groups: number): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
	return Math.floor(((hash >>> 0) / 2 ** 32) * groups);
}

export interface SettlingOptions {
	now: () => number;
	/** Slices of background work (idle time). */
	slices: () => Slices;
	/**
	 * Whether the records of document `shard` may be settled now: its copy in step with the
	 * relay's on the present connection, and this device allowed to write. Per document, not
	 * the connection's status: that says 'connecting' while any other document subscribes (a
	 * month opened by a scroll, a new device's background sync), which halted whole passes.
	 */
	canSettle: (shard: string) => boolean;
	firstPassAfterMs?: number;
	/**
	 * At least this long between two batches written (default BATCH_GAP_MS): a first pass over a
	 * workspace's history sends each settled record's snapshot again (100k tasks: ~68 MB), which at
	 * full speed would run into the relay's rate limit (8 MiB/s by default) and its connection.
	 */
	batchGapMs?: number;
}

/** ~40 batches a second: under 1 MB/s of settled records to the relay. */
export const BATCH_GAP_MS = 25;

const COLLECTIONS = new Set<string>(RECORD_TYPES.map((type) => type.collection));

/** The records map of a record type's shard or month document; null for any other document. */
export function recordShard(name: string, doc: Y.Doc): ShardMap | null {
	const family = familyOf(name);
	if (!COLLECTIONS.has(family) || family === name) return null;
	return doc.getMap(family) as ShardMap;
}

/**
 * Keeps every record shard's edits across peers' settles, now and as shards open; `shards` is
 * kept to the open ones. Returns how to stop.
 */
export function watchSettles(
	docs: WorkspaceDocs,
	ours: (client: number) => boolean,
	shards = new Map<string, ShardMap>()
): () => void {
	const watching = new Map<string, () => void>();
	const stopOpening = docs.onDoc((name, doc) => {
		const shard = recordShard(name, doc);
		if (!shard) return;
		shards.set(name, shard);
		watching.set(name, keepEditsAcrossSettles(shard, ours));
	});
	const stopClosing = docs.onClose((name) => {
		shards.delete(name);
		watching.get(name)?.();
		watching.delete(name);
	});
	return () => {
		stopOpening();
		stopClosing();
		for (const stop of watching.values()) stop();
	};
}

/**
 * Settles the records of the open shards in the background: a first pass a while after it is
 * called, then one every few hours, each shard only while `canSettle` it and left when that
 * turns false. A pass that left a shard is followed by another soon. Returns how to stop.
 */
export function keepSettling(shards: Map<string, ShardMap>, options: SettlingOptions): () => void {
	let stopped = false;
	let timer: ReturnType<typeof setTimeout> | null = null;
	const schedule = (ms: number) => {
		timer = setTimeout(() => {
			// Offline, or a viewer: no pass (nor its marks) until a document may be settled.
			if (![...shards.keys()].some((name) => options.canSettle(name))) return schedule(RETRY_MS);
			performance.mark('crm:settle-started'); // read by bench/settle.bench.ts
			let leftSome = false;
			void settleAll(shards, options, () => stopped)
				.then((pass) => {
					leftSome = !pass.whole;
					performance.mark('crm:settle-done', { detail: pass });
				})
				.catch((error: unknown) => console.warn('Settling records stopped', error))
				.finally(() => {
					// A shard left (offline, the relay away, a viewer) is settled soon; a pass
					// that failed is tried again at the next pass, not every minute.
					if (!stopped) schedule(leftSome ? RETRY_MS : PASS_EVERY_MS);
				});
		}, ms);
	};
	schedule(options.firstPassAfterMs ?? FIRST_PASS_AFTER_MS);
	return () => {
		stopped = true;
		if (timer) clearTimeout(timer);
	};
}

export interface SettlePass {
	/** Records settled. */
	settled: number;
	/** Whether every shard was gone through (none left because it could not be settled). */
	whole: boolean;
}

/** One pass over the open shards. */
export async function settleAll(
	shards: Map<string, ShardMap>,
	options: Pick<SettlingOptions, 'now' | 'slices' | 'batchGapMs' | 'canSettle'>,
	stopped: () => boolean = () => false
): Promise<SettlePass> {
	const slices = options.slices();
	const gap = options.batchGapMs ?? BATCH_GAP_MS;
	let settled = 0;
	let whole = true;
	let lastWrite = -Infinity;
	for (const [name, shard] of [...shards]) {
		if (stopped()) return { settled, whole: false };
		// Whether to go on with this shard: not when it closed, nor when it may not be settled
		// now (the pass is then not whole).
		const goesOn = () => {
			if (shard.doc?.isDestroyed || !shards.has(name)) return false;
			if (options.canSettle(name)) return true;
			whole = false;
			return false;
		};
		if (!goesOn()) continue;
		const ids: string[] = [];
		const now = options.now();
		for (const [id, map] of shard) {
			if (map instanceof Y.Map && isSettleable(map, now)) ids.push(id);
			if (slices.due()) {
				await slices.pause();
				if (stopped()) return { settled, whole: false };
			}
		}
		const groups = groupsFor(shard.size);
		const batches = new Map<number, string[]>();
		for (const id of ids) {
			const group = groupOf(id, groups);
			const batch = batches.get(group);
			if (batch) batch.push(id);
			else batches.set(group, [id]);
		}
		for (const group of [...batches.keys()].sort((a, b) => a - b)) {
			const wait = lastWrite + gap - performance.now();
			if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
			if (stopped()) return { settled, whole: false };
			if (!goesOn()) break;
			const written = settleRecords(familyOf(name), shard, batches.get(group)!, now);
			if (written > 0) lastWrite = performance.now();
			settled += written;
			if (slices.due()) await slices.pause();
		}
	}
	return { settled, whole };
}
