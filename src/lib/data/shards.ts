/**
 * Which document of a workspace holds what. A workspace is a small core document ('') and
 * collection documents: each record type's records spread over SHARDS shards by a hash of the
 * record's id (`people.a7`), and append-heavy entries in monthly partitions (`history.2026-12`).
 *
 * Why 256 shards: Yjs applies a document in one synchronous task, at about 60 µs per person
 * (bench: 100k people, 88 MB, ~6 s). At 100k people a shard holds ~390 records: ~25 ms, inside
 * one frame's budget, so no task after the first paint passes 50 ms. An empty shard costs
 * nothing (it exists once a record is written to it).
 */
export const SHARDS = 256;

/** FNV-1a over the id's UTF-16 units: stable everywhere, spreads random ids evenly. */
export function shardOf(id: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < id.length; i++) {
		hash ^= id.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return (hash >>> 0) % SHARDS;
}

/** The name of the document holding a record of `collection` ('people') with this id. */
export function shardDocName(collection: string, id: string): string {
	return `${collection}.${shardOf(id).toString(16).padStart(2, '0')}`;
}

/** The monthly partition of `kind` ('history') holding an entry made at `time` (UTC month). */
export function partitionDocName(kind: string, time: number): string {
	return `${kind}.${monthOf(time)}`;
}

/**
 * Records placed by month (interactions: a million of them must not weigh on opening the
 * workspace) carry their month in the id, `2026-12~<uuid>`, so the id alone names the
 * partition holding it (`interactions.2026-12`), like a shard's hash does for people.
 */
export function monthRecordId(time: number, rest: string = crypto.randomUUID()): string {
	return `${monthOf(time)}~${rest}`;
}

/** The UTC month of `time`: '2026-12'. */
export function monthOf(time: number): string {
	const date = new Date(Number.isFinite(time) ? time : 0);
	return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

const MONTH_ID = /^(\d{4}-\d{2})~/;

/**
 * The partition of `collection` holding the record `id` placed by month; an id without a month
 * (a buggy peer's) goes to the shard its hash names, so it is still found.
 */
export function monthDocName(collection: string, id: string): string {
	const month = MONTH_ID.exec(id);
	return month ? `${collection}.${month[1]}` : shardDocName(collection, id);
}

/** The collection ('people') or partition kind ('history') a document name belongs to. */
export function familyOf(docName: string): string {
	const dot = docName.indexOf('.');
	return dot < 0 ? docName : docName.slice(0, dot);
}

/**
 * Monthly partitions of the last HOT_MONTHS months open with the workspace; older ones are
 * fetched onto the device in the background and open on demand (a record's older history), so
 * years of entries do not weigh on opening it.
 */
export const HOT_MONTHS = 3;

const PARTITION = /^[a-z][a-z0-9-]*\.(\d{4})-(\d{2})$/;

/** Whether `docName` is a monthly partition older than the hot window at `now`. */
export function isOldPartition(docName: string, now: number): boolean {
	const match = PARTITION.exec(docName);
	if (!match) return false;
	const date = new Date(now);
	const age = date.getUTCFullYear() * 12 + date.getUTCMonth() - (+match[1] * 12 + +match[2] - 1);
	return age >= HOT_MONTHS;
}

/**
 * Families of documents that never open with the workspace, only when a screen asks for one
 * (openOnDemand): a campaign's outbox holds every recipient's message, and only its page needs
 * it. Like old months, they are fetched onto the device in the background for offline use.
 */
const ON_DEMAND_FAMILIES: ReadonlySet<string> = new Set(['campaign-outbox']);

/** Whether `docName` belongs to a family opened only on demand. */
export function isOnDemandDoc(docName: string): boolean {
	return ON_DEMAND_FAMILIES.has(familyOf(docName));
}

/** Whether `docName` does not open with the workspace at `now`: a partition too old, or a
 * document opened only on demand. Its stored rows are not read with the workspace's either. */
export function opensLater(docName: string, now: number): boolean {
	return isOldPartition(docName, now) || isOnDemandDoc(docName);
}
