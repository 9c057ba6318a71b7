import { describe, expect, it } from 'vitest';
import { isInSharedOrder, sharedOrder, sharedOrderInSlices } from '$lib/domain/shared-order';
import { copyDocs } from './docs-testing';
import { layoutOf, readRecord, type RecordMap } from './layout';
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

const build = (id: string, map: RecordMap) => {
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
			layout.people.get(edited)!.set('firstName', 'Zed'); // a peer's edit, mid-arrange
			return arrangeInSlices(rows);
		});
		expect(live.row(edited)!.name).toBe(`Zed 17`);
		expect(live.rows.find((r) => r.id === edited)!.name).toBe('Zed 17');
		expect(live.rows).toHaveLength(60);
		expect(isInSharedOrder(live.rows)).toBe(false);
	});
});
