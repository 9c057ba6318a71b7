// What campaign sending writes into a workspace's records, in the app's own layout (data/layout,
// the interaction and person declarations), as the calendar feed reads tasks with the task's:
// a sent message logged on the recipient's timeline, and an unsubscribe recorded on the person.
import * as Y from 'yjs';
import {
	NOTES_KEY,
	SNAPSHOT_KEY,
	encodeSnapshot,
	isStoredRecord,
	readField,
	type ShardMap
} from '../src/lib/data/layout.ts';
import { unsettledIn } from '../src/lib/data/settled-records.ts';
import { monthDocName, monthRecordId, shardDocName } from '../src/lib/data/shards.ts';
import { emptyInteraction, interaction } from '../src/lib/domain/record-types/interaction.ts';
import { person } from '../src/lib/domain/record-types/person.ts';
import { CORE_DOC } from '../src/lib/sync/wire.ts';

/** Who the relay's edits name as their author (updatedBy, createdBy). */
export const RELAY_MEMBER = 'relay';
/** The app's key for "this person unsubscribed through a campaign link" (data/unsubscribed). */
export const UNSUBSCRIBED_AT = 'unsubscribedAt';
/** The longest body kept on the timeline: the record's text is synced to every device. */
const MAX_NOTES_CHARS = 100_000;

export interface SentMessage {
	campaignId: string;
	personId: string;
	sentAt: number;
	subject: string;
	text: string;
	to: string;
	from: string;
	messageId: string;
}

/** The interaction's id: the same for every repeat, so logging twice is one record. */
export function sentMessageRecordId(m: Pick<SentMessage, 'campaignId' | 'personId' | 'sentAt'>) {
	return monthRecordId(m.sentAt, `campaign-${m.campaignId}-${m.personId}`);
}

/** The document holding the interaction (its month's partition). */
export function sentMessageDoc(m: Pick<SentMessage, 'campaignId' | 'personId' | 'sentAt'>) {
	return monthDocName(interaction.collection, sentMessageRecordId(m));
}

/** Adds the interaction for a sent message unless it is there (in its month's document). */
export function logSentMessage(doc: Y.Doc, m: SentMessage): void {
	const records = doc.getMap(interaction.collection) as Y.Map<Y.Map<unknown>>;
	const id = sentMessageRecordId(m);
	if (records.has(id)) return;
	const map = new Y.Map<unknown>();
	map.set(
		SNAPSHOT_KEY,
		encodeSnapshot({
			...emptyInteraction(),
			kind: 'email',
			direction: 'out',
			occurredAt: m.sentAt,
			subject: m.subject,
			personIds: [m.personId],
			messageId: m.messageId,
			emailFrom: m.from,
			emailTo: [m.to],
			createdAt: m.sentAt,
			createdBy: RELAY_MEMBER
		})
	);
	// The e-mail's text as the record's notes, made with it (record-texts.ts); none, no text.
	const notes = m.text.slice(0, MAX_NOTES_CHARS);
	if (notes) map.set(NOTES_KEY, new Y.Text(notes));
	records.set(id, map);
}

/**
 * Lists a document in the core document's directory (data/workspace-docs.ts, the `docs` map),
 * so devices ask for a month partition the relay made.
 */
export function listDocument(core: Y.Doc, name: string): void {
	const directory = core.getMap('docs') as Y.Map<true>;
	if (!directory.has(name)) directory.set(name, true);
}

export const CORE = CORE_DOC;

/** The shard holding a person. */
export function personDoc(personId: string): string {
	return shardDocName(person.collection, personId);
}

/**
 * Records an unsubscribe on the person: consent 'refused' and when, as field edits (keys on the
 * person's map, so a colleague's concurrent edit of another field is kept). Returns false when
 * the shard holds no such person (deleted people are still marked: a restore keeps the refusal).
 */
export function recordUnsubscribe(doc: Y.Doc, personId: string, now: number): boolean {
	const records = doc.getMap(person.collection) as ShardMap;
	const record = records.get(personId);
	if (!isStoredRecord(record)) return false;
	if (
		readField(record, 'consent') === 'refused' &&
		typeof readField(record, UNSUBSCRIBED_AT) === 'number'
	) {
		return true;
	}
	const map = unsettledIn(records, personId)!; // a settled person's text made a map again
	map.set('consent', 'refused');
	map.set(UNSUBSCRIBED_AT, now);
	map.set('updatedAt', now);
	map.set('updatedBy', RELAY_MEMBER);
	return true;
}
