import { describe, expect, it } from 'vitest';
import {
	notedDelta,
	isInSharedOrder,
	reorder,
	sharedOrder,
	sharedOrderInSlices
} from '$lib/domain/shared-order';
import { copyDocs, syncInto } from './docs-testing';
import { isDeleted, layoutOf, readRecord, type StoredRecord } from './layout';
import { LiveCollection } from './live-collection.svelte';
import { Slices } from './slices';
import { Workspace } from './workspace.svelte';

const FIRST_NAMES = ['Mia', 'Aaron', 'Zoe', 'Liam', 'Emma', 'Noah', 'Ada', 'Omar', 'Ines', 'Yuki'];

function peopleDocs(count: number) {
	const source = new Workspace('ws', 'a');
	source.start();
	const ids = Array.from({ length: count }, (_, i) =>
		source.people.create({ firstName: FIRST_NAMES[(i * 7) % FIRST_NAMES.length], lastName: `${i}` })
	);
	return { docs: copyDocs(source.docs), ids };
}

const build = (id: string, map: StoredRecord) => {
	const r = readRecord(map);
	return { id, name: `${r.firstName} ${r.lastName}`, search: '' };
};
const noPause = async () => {};
const arrangeInSlices = (rows: { id: string; name: string; search: string }[]) =>
	sharedOrderInSlices(rows, new Slices(noPause, 0));

describe('LiveCollection.startInSlices with arrange', () => {
	it('gives readers the rows already in the shared order, marked so a list takes them as they are', async () => {
		const { docs } = peopleDocs(120);
		const live = new LiveCollection(layoutOf(docs).people, build);
		await live.startInSlices(noPause, 0, arrangeInSlices);
		expect(isInSharedOrder(live.rows)).toBe(true);
		expect(live.rows.map((r) => r.id)).toEqual(sharedOrder(live.rows).map((r) => r.id));
		// Later arrays (after an edit) are made from the rows in that order.
		live.rebuild([live.rows[5].id]);
		expect(isInSharedOrder(live.rows)).toBe(false);
		expect(live.rows.map((r) => r.id)).toEqual(sharedOrder(live.rows).map((r) => r.id));
	});

	it('keeps a row edited while the rows were being arranged, and leaves the order to the reader', async () => {
		const { docs, ids } = peopleDocs(60);
		const layout = layoutOf(docs);
		const live = new LiveCollection(layout.people, build);
		const edited = ids[17];
		await live.startInSlices(noPause, 0, async (rows) => {
			layout.people.map(edited)!.set('firstName', 'Zed'); // a peer's edit, mid-arrange
			return arrangeInSlices(rows);
		});
		expect(live.row(edited)!.name).toBe(`Zed 17`);
		expect(live.rows.find((r) => r.id === edited)!.name).toBe('Zed 17');
		expect(live.rows).toHaveLength(60);
		expect(isInSharedOrder(live.rows)).toBe(false);
	});

	it('settles records edited, added and deleted while the ordered rows were being put together', async () => {
		const source = new Workspace('ws', 'a');
		source.start();
		const ids = Array.from({ length: 80 }, (_, i) =>
			source.people.create({ firstName: FIRST_NAMES[i % FIRST_NAMES.length], lastName: `${i}` })
		);
		const docs = copyDocs(source.docs);
		const peer = new Workspace('ws', 'b', docs);
		// Rows of records not deleted, as the app's builders give them.
		const buildLive = (id: string, map: StoredRecord) => (isDeleted(map) ? null : build(id, map));
		const live = new LiveCollection(layoutOf(docs).people, buildLive);
		let arranging = false;
		let pauses = 0;
		let added = '';
		const pause = async () => {
			if (arranging && ++pauses === 20) {
				// A peer's changes between two slices of the ordered map.
				peer.people.update(ids[7], { firstName: 'Zed' });
				peer.people.remove(ids[8]);
				added = peer.people.create({ firstName: 'Abe', lastName: 'New' });
			}
		};
		await live.startInSlices(pause, 0, async (rows) => {
			const arranged = await arrangeInSlices(rows);
			arranging = true;
			return arranged;
		});
		expect(pauses).toBeGreaterThan(20); // the changes came mid-way
		expect(live.row(ids[7])!.name).toBe('Zed 7');
		expect(live.row(ids[8])).toBeUndefined();
		expect(live.row(added)!.name).toBe('Abe New');
		const shown = live.rows.map((r) => r.id).sort();
		expect(shown).toEqual([...ids.filter((id) => id !== ids[8]), added].sort());
		expect(isInSharedOrder(live.rows)).toBe(false); // the reader orders them itself
		// Untouched, the rows come in the arranged (shared) order, marked so.
		const calm = new LiveCollection(layoutOf(copyDocs(docs)).people, build);
		await calm.startInSlices(noPause, 0, arrangeInSlices);
		expect(isInSharedOrder(calm.rows)).toBe(true);
		expect(calm.rows.map((r) => r.id)).toEqual(sharedOrder(calm.rows).map((r) => r.id));
	});
});

describe('LiveCollection, the arrays it makes', () => {
	it('notes what changed between them, so a list merges only that into its order', () => {
		const ws = new Workspace('ws', 'a');
		ws.start();
		const ids = Array.from({ length: 300 }, (_, i) =>
			ws.people.create({ firstName: FIRST_NAMES[i % FIRST_NAMES.length], lastName: `${i}` })
		);
		const live = ws.peopleLive;
		let rows = live.rows;
		let ordered = sharedOrder(rows);
		const steps: Array<() => void> = [
			() => ws.people.update(ids[3], { firstName: 'Zed' }),
			() => ws.people.create({ firstName: 'Abe', lastName: 'New' }),
			() => ws.people.remove(ids[10]),
			() => {
				ws.people.update(ids[20], { firstName: 'Aaa' }); // twice before the next array
				ws.people.update(ids[20], { firstName: 'Bbb' });
			},
			() => ws.people.restore(ids[10])
		];
		for (const step of steps) {
			step();
			const now = live.rows;
			expect(notedDelta(now, rows)).not.toBeNull();
			ordered = reorder(rows, ordered, now)!;
			expect(ordered.map((r) => r.id)).toEqual(sharedOrder(now).map((r) => r.id));
			rows = now;
		}
		expect(ordered).toHaveLength(301);
	});

	it('notes a growth of more than it held (a new device receiving its people), not more', () => {
		const source = new Workspace('ws', 'a');
		source.start();
		const docs = copyDocs(source.docs);
		const live = new LiveCollection(layoutOf(docs).people, build);
		live.start();
		const first = live.rows;
		for (let i = 0; i < 1_000; i++) source.people.create({ firstName: 'Ada', lastName: `${i}` });
		// They arrive a shard at a time, as from the relay.
		syncInto(docs, source.docs);
		expect(live.rows).toHaveLength(1_000);
		expect(notedDelta(live.rows, first)?.added).toHaveLength(1_000);
		// Nobody reads while many edits come: past as many new rows as held, none are kept.
		const layout = layoutOf(docs);
		const before = live.rows;
		for (let round = 0; round < 2; round++)
			for (const id of layout.people.keys()) layout.people.map(id)!.set('lastName', `r${round}`);
		expect(notedDelta(live.rows, before)).toBeNull();
	});

	it('notes nothing across a start: the list compares the arrays whole', async () => {
		const { docs } = peopleDocs(50);
		const live = new LiveCollection(layoutOf(docs).people, build);
		live.start();
		const before = live.rows;
		await live.startInSlices(noPause, 0);
		expect(notedDelta(live.rows, before)).toBeNull();
		expect(live.rows).not.toBe(before);
	});
});
