import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { TabChannel } from './tab-channel';
import { MESSAGE_BATCH, MESSAGE_DOC } from './wire';

const RELAY_ORIGIN = { from: 'another tab' };
const open: TabChannel[] = [];

/** A tab following `names`: its documents, and its channel to the browser's other tabs. */
function tab(channel: string, names: string[]) {
	const docs = new Map(names.map((name) => [name, new Y.Doc()]));
	const tabChannel = new TabChannel(channel, (name) => docs.get(name), RELAY_ORIGIN);
	open.push(tabChannel);
	for (const [name, doc] of docs) {
		doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== RELAY_ORIGIN) tabChannel.update(name, update);
		});
	}
	return { docs, channel: tabChannel };
}

/** Every frame posted on `channel` from now on, as another tab receives it. */
function listen(channel: string): Uint8Array[] {
	const frames: Uint8Array[] = [];
	const listener = new BroadcastChannel(channel);
	listener.onmessage = (event: MessageEvent) => frames.push(event.data as Uint8Array);
	open.push({ destroy: () => listener.close() } as TabChannel);
	return frames;
}

afterEach(() => {
	for (const channel of open.splice(0)) channel.destroy();
});

describe('TabChannel', () => {
	it("posts a task's messages as one batch: a new device's many documents in one post", async () => {
		const frames = listen('tabs-batch');
		const names = Array.from({ length: 300 }, (_, i) => `people.${i.toString(16)}`);
		const a = tab('tabs-batch', names);
		for (const [name, doc] of a.docs) a.channel.announce(name, doc);
		await vi.waitFor(() => expect(frames.length).toBeGreaterThan(0));
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(frames).toHaveLength(1);
		expect(frames[0][0]).toBe(MESSAGE_BATCH);
	});

	it('posts a lone message as a plain document message', async () => {
		const frames = listen('tabs-one');
		const a = tab('tabs-one', ['']);
		a.channel.announce('', a.docs.get('')!);
		await vi.waitFor(() => expect(frames).toHaveLength(1));
		expect(frames[0][0]).toBe(MESSAGE_DOC);
	});

	it('brings two tabs together through batches, both ways, documents apart', async () => {
		const names = ['', 'people.0', 'people.1'];
		const a = tab('tabs-sync', names);
		a.docs.get('people.0')!.getMap('people').set('p1', 'Ada');
		a.docs.get('people.1')!.getMap('people').set('p2', 'Grace');
		const b = tab('tabs-sync', names);
		b.docs.get('')!.getMap('settings').set('name', 'Acme');
		// B opens: it asks A for what A holds of each document (one batch), A answers and asks back.
		for (const [name, doc] of b.docs) b.channel.announce(name, doc);
		await vi.waitFor(() => {
			expect(b.docs.get('people.0')!.getMap('people').get('p1')).toBe('Ada');
			expect(b.docs.get('people.1')!.getMap('people').get('p2')).toBe('Grace');
			expect(a.docs.get('')!.getMap('settings').get('name')).toBe('Acme');
		});
		expect(b.docs.get('people.0')!.getMap('people').has('p2')).toBe(false);
		// Edits of one task in two documents: one post, both applied.
		a.docs.get('people.0')!.getMap('people').set('p1', 'Ada Lovelace');
		a.docs.get('people.1')!.getMap('people').delete('p2');
		await vi.waitFor(() => {
			expect(b.docs.get('people.0')!.getMap('people').get('p1')).toBe('Ada Lovelace');
			expect(b.docs.get('people.1')!.getMap('people').has('p2')).toBe(false);
		});
	});

	it('ignores a broken batch and a document it does not follow', async () => {
		const a = tab('tabs-bad', ['people.0']);
		const sender = new BroadcastChannel('tabs-bad');
		open.push({ destroy: () => sender.close() } as TabChannel);
		sender.postMessage(new Uint8Array([MESSAGE_BATCH, 200, 1, 2]));
		const unknownDoc = tab('tabs-bad', ['people.9']);
		unknownDoc.docs.get('people.9')!.getMap('people').set('y', 2);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(a.docs.get('people.0')!.getMap('people').size).toBe(0);
	});
});
