/**
 * Where a record's text fields live (notes; a campaign's subject and body: the types' textFields).
 *
 * They were Y.Texts nested in the record, each made with it, empty or not: a nested text cannot
 * be made later, as two devices making it at once would each set a Y.Text under the key and what
 * one of them typed would go with the text that lost. But an empty Y.Text costs ~650 bytes of
 * heap (its item, maps and event handlers; in Node 100k records took 168 MB without one each and
 * 231 MB with), and most records never get notes. Now:
 * - notes given when a record is made are made with it, nested (two devices logging the same
 *   e-mail under one id make one record, whole, as before);
 * - a record made without them has no text until one is typed, and then it is a root type of
 *   the record's shard document named by field and record (textRootName): Yjs merges root types
 *   by name, so two devices that make it at once make the same text, and nothing is lost.
 * A record written before keeps its nested text, empty or not, and is read and typed into as
 * before (a tab still on the version before types there too). The root text is made only for a
 * record with no nested one; a record holds both only where notes were typed before its nested
 * text arrived, and readers join them (recordTexts). Nothing here is deleted: a root type cannot
 * be, and a deleted record is a soft delete whose notes come back with it.
 */
import * as Y from 'yjs';
/** One record: a Y.Map in the layout of layout.ts (sharded-collection.ts's RecordMap). */
type RecordMap = Y.Map<unknown>;
/** A record as its shard holds it: a map, or a settled record's text (sharded-collection.ts). */
type StoredRecord = RecordMap | string;

/**
 * Where a record's root texts are: its shard's document and its id. A map knows both; a settled
 * record's text knows neither, and its reader says (a settled record may have notes typed
 * before it settled, or while a peer settled it).
 */
export interface TextPlace {
	doc: Y.Doc | null | undefined;
	id: string;
}
/** Any shared type: a text, a generic root type not yet read as one, a map. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- types of any content
type AnyType = Y.AbstractType<any>;

const PREFIX = 'text\u0000';
const SEPARATOR = '\u0000';

/** The root name of a record's text field in its shard document. */
export function textRootName(id: string, field: string): string {
	return PREFIX + field + SEPARATOR + id;
}

/** The record and field a root name belongs to, or null for another root type. */
export function parseTextRootName(name: string): { id: string; field: string } | null {
	if (!name.startsWith(PREFIX)) return null;
	const at = name.indexOf(SEPARATOR, PREFIX.length);
	if (at < 0) return null;
	return { field: name.slice(PREFIX.length, at), id: name.slice(at + 1) };
}

/** The id of a record in its shard's collection map. */
function idOf(map: RecordMap): string | null {
	const key = map._item?.parentSub;
	return typeof key === 'string' ? key : null;
}

/**
 * A record's texts of one field: its nested Y.Text and its root text, those it has, in that
 * order. Both only where notes were typed into a record before its nested text arrived (a
 * record that came in pieces): each holds what was typed into it, and readers join them.
 */
export function recordTexts(record: StoredRecord, field: string, place?: TextPlace): Y.Text[] {
	const out: Y.Text[] = [];
	const map = record instanceof Y.Map ? record : null;
	const nested = map?.get(field);
	if (nested instanceof Y.Text) out.push(nested);
	const doc = map ? map.doc : place?.doc;
	// A shard with no root texts holds its collection map alone: every row built at an open
	// asks, and most shards have none, so no name is made for them.
	const id = doc && doc.share.size > 1 ? (map ? idOf(map) : place!.id) : null;
	if (doc && id) {
		const name = textRootName(id, field);
		if (doc.share.has(name)) out.push(doc.getText(name));
	}
	return out;
}

/**
 * The text to type into: the nested one of a record written before, else its root text, made
 * now if there is none (making it writes nothing: it exists once something is typed).
 */
export function ensureRecordText(map: RecordMap, field: string): Y.Text | null {
	const nested = map.get(field);
	if (nested instanceof Y.Text) return nested;
	const doc = map.doc;
	const id = idOf(map);
	return doc && id ? doc.getText(textRootName(id, field)) : null;
}

/** Between the two texts of a record that has both, as readers see them. */
export const TEXTS_JOINED_BY = '\n';

/** A text field's content: its texts joined, or a buggy peer's plain string under the key. */
export function recordTextValue(record: StoredRecord, field: string, place?: TextPlace): string {
	let value = '';
	for (const text of recordTexts(record, field, place)) {
		if (text.length === 0) continue;
		value += (value ? TEXTS_JOINED_BY : '') + text.toString();
	}
	if (value || !(record instanceof Y.Map)) return value;
	const plain = record.get(field);
	return typeof plain === 'string' ? plain : '';
}

/** Root names of texts per document, looked up by type (a root type does not know its name). */
const rootNames = new WeakMap<AnyType, { id: string; field: string }>();

/**
 * The record (by id) and field a Y.Text belongs to — nested in a record map, or a root text of
 * its document — or null. `isShardMap` tells whether a map is one of the collection's shards.
 */
export function textOwner(
	text: AnyType,
	isShardMap: (type: unknown) => boolean
): { id: string; field: string } | null {
	const item = text._item;
	if (item) {
		const record = item.parent;
		const field = item.parentSub;
		if (!(record instanceof Y.Map) || typeof field !== 'string') return null;
		if (!isShardMap(record.parent)) return null;
		const id = idOf(record as RecordMap);
		return id ? { id, field } : null;
	}
	const known = rootNames.get(text);
	if (known) return known;
	const doc = text.doc;
	if (!doc || text instanceof Y.Map) return null; // a collection map, not a text
	let sameItems: { id: string; field: string } | null = null;
	for (const [name, type] of doc.share) {
		const owner = parseTextRootName(name);
		if (!owner) continue;
		rootNames.set(type, owner);
		// A generic root type read as a Y.Text meanwhile was replaced in `share` by one holding
		// the same items; the transaction still names the one it changed.
		if (text._start !== null && type._start === text._start) sameItems = owner;
	}
	return rootNames.get(text) ?? sameItems;
}

/**
 * The root texts a transaction changed, each as a Y.Text with the event Yjs would have given an
 * observer of it. A text's first arrival from a peer is a generic root type until someone asks
 * for it as a Y.Text (Yjs does not know what it is), which Yjs gives no event for; this asks.
 * As with a nested text, a record made in the same transaction gets none: it is new as a whole.
 * Call it from the document's 'afterTransaction' (before deleted content is collected).
 */
export function changedRootTexts(
	tr: Y.Transaction,
	/** The item holding record `id` in its shard's collection map. */
	recordItemOf: (id: string) => Y.Item | undefined
): { id: string; field: string; event: Y.YTextEvent }[] {
	const out: { id: string; field: string; event: Y.YTextEvent }[] = [];
	for (const [type, subs] of tr.changed) {
		if (type._item !== null) continue;
		const owner = textOwner(type, () => false);
		if (!owner) continue;
		const made = recordItemOf(owner.id)?.id;
		if (made && made.clock >= (tr.beforeState.get(made.client) ?? 0)) continue;
		const text = tr.doc.getText(textRootName(owner.id, owner.field));
		rootNames.set(text, owner);
		out.push({ ...owner, event: new Y.YTextEvent(text, tr, subs) });
	}
	return out;
}

/** The root texts of a document, with the record and field each belongs to. */
export function* rootTextsOf(doc: Y.Doc): Generator<{ id: string; field: string; text: AnyType }> {
	for (const [name, text] of doc.share) {
		const owner = parseTextRootName(name);
		if (owner) yield { ...owner, text };
	}
}
