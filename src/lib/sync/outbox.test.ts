import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocSync } from './doc-sync';
import { mergeMany, Outbox } from './outbox';
import {
	encodeDocMessage,
	MESSAGE_AWARENESS,
	readDocMessage,
	readUpdateFrame,
	SYNC_STEP_1,
	SYNC_STEP_2,
	SYNC_UPDATE
} from './wire';

function setup() {
	const wire: Uint8Array[] = [];
	const outbox = new Outbox({ frame: encodeDocMessage, send: (frame) => wire.push(frame) });
	const recorded: number[] = [];
	const recorder = { recordSent: (type: number) => recorded.push(type) };
	const read = () => wire.map((frame) => readDocMessage(frame));
	return { wire, outbox, recorded, recorder, read };
}

/** The updates of `n` separate edits. */
function edits(n: number): { updates: Uint8Array[]; doc: Y.Doc } {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	for (let i = 0; i < n; i++) doc.getMap('m').set(`k${i}`, i);
	return { updates, doc };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const sync = (type: number) => Uint8Array.of(0, type, 0);

describe('Outbox', () => {
	it('sends what a task queued after it, each in its document envelope', async () => {
		const { wire, outbox, read } = setup();
		outbox.send('', Uint8Array.of(MESSAGE_AWARENESS, 0));
		outbox.send('people.a1', Uint8Array.of(MESSAGE_AWARENESS, 1));
		expect(wire).toEqual([]);
		await tick();
		expect(read().map((m) => m?.doc)).toEqual(['', 'people.a1']);
	});

	it('merges the updates one document queued back to back into one message', async () => {
		const { wire, outbox, recorded, recorder, read } = setup();
		const { updates, doc } = edits(500);
		for (const update of updates) outbox.sendUpdate('people.a1', update, recorder);
		await tick();
		expect(wire).toHaveLength(1);
		expect(recorded).toEqual([SYNC_UPDATE]);
		const copy = new Y.Doc();
		Y.applyUpdate(copy, readUpdateFrame(read()[0]?.message as Uint8Array) as Uint8Array);
		expect(copy.getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON());
	});

	it('keeps a document’s messages in order and records each where the relay will count it', async () => {
		const { outbox, recorded, recorder, read } = setup();
		const { updates } = edits(3);
		outbox.send('a', sync(SYNC_STEP_1), { type: SYNC_STEP_1, recorder });
		outbox.sendUpdate('a', updates[0], recorder);
		outbox.sendUpdate('b', updates[1], recorder);
		// The run of updates to 'a' is closed (and counted) before the step 2 that follows it.
		outbox.send('a', sync(SYNC_STEP_2), { type: SYNC_STEP_2, recorder });
		outbox.sendUpdate('a', updates[2], recorder);
		expect(recorded).toEqual([SYNC_STEP_1, SYNC_UPDATE, SYNC_STEP_2]);
		expect(outbox.sentFor('a')).toBe(4); // seals the last run
		await tick();
		const sent = read().map((m) => [m?.doc, m?.message[1]]);
		expect(sent).toEqual([
			['a', SYNC_STEP_1],
			['a', SYNC_UPDATE],
			['a', SYNC_STEP_2],
			['a', SYNC_UPDATE],
			['b', SYNC_UPDATE]
		]);
		expect(outbox.sentFor('b')).toBe(1);
	});

	it('sends nothing once closed', async () => {
		const { wire, outbox } = setup();
		outbox.send('', Uint8Array.of(MESSAGE_AWARENESS, 0));
		outbox.close();
		outbox.send('', Uint8Array.of(MESSAGE_AWARENESS, 0));
		await tick();
		expect(wire).toEqual([]);
	});
});

describe('mergeMany', () => {
	it('gives the same document as merging all at once', () => {
		const { updates, doc } = edits(300);
		const copy = new Y.Doc();
		Y.applyUpdate(copy, mergeMany(updates));
		expect(copy.getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON());
		expect(mergeMany([updates[0]])).toBe(updates[0]);
	});
});

describe('a local edit', () => {
	it('goes out before what its observers scheduled (the re-render)', async () => {
		const { wire, outbox } = setup();
		const doc = new Y.Doc();
		const local = Symbol('local');
		const sync = new DocSync(
			'people.a1',
			doc,
			0,
			{},
			{
				isLocalOrigin: (origin) => origin === local,
				pendingChanged: () => {},
				synced: () => {},
				changed: () => {},
				beforeLocalObservers: () => {}
			}
		);
		sync.attach(outbox);
		await tick();
		wire.length = 0;
		const sentWhenRendering: number[] = [];
		// What Svelte does when a reader's state changes in an observer: a flush in a microtask.
		doc.getMap('people').observe(() => queueMicrotask(() => sentWhenRendering.push(wire.length)));
		doc.transact(() => doc.getMap('people').set('ada', 1), local);
		await tick();
		expect(sentWhenRendering).toEqual([1]);
		// What arrives from the relay reserves nothing (and is not sent back).
		doc.transact(() => doc.getMap('people').set('bob', 2), sync.origin);
		await tick();
		expect(sentWhenRendering).toEqual([1, 1]);
	});
});
