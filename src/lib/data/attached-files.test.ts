/**
 * Files attached to records: described in the document by their hash, one key each, so two
 * people attaching at once both keep theirs, and a record's fields never see them.
 */
import { describe, expect, it } from 'vitest';
import { syncBoth } from './docs-testing';
import { Workspace } from './workspace.svelte';

const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

function workspace(me: string) {
	const ws = new Workspace('ws', me);
	ws.start();
	return ws;
}

describe('attached files', () => {
	it('are kept per hash, merge when attached at once, and leave the fields alone', async () => {
		const a = workspace('a');
		const b = workspace('b');
		const ada = a.people.create({ firstName: 'Ada' });
		syncBoth(a.docs, b.docs);
		a.people.attachFile(ada, { hash: H1, name: 'offer.pdf', type: 'application/pdf', size: 1200 });
		b.people.attachFile(ada, { hash: H2, name: 'photo.jpg', type: 'image/jpeg', size: 99 });
		syncBoth(a.docs, b.docs);
		for (const ws of [a, b]) {
			const files = ws.people.files(ada);
			expect(files.map((f) => f.name).sort()).toEqual(['offer.pdf', 'photo.jpg']);
			expect(files.find((f) => f.hash === H1)).toMatchObject({ size: 1200, addedBy: 'a' });
			expect(ws.people.get(ada)!.issues).toEqual([]);
			expect(Object.keys(ws.people.get(ada)!.record)).not.toContain(`file:${H1}`);
		}
		await settle();
		expect(a.people.history(ada).map((c) => c.field)).toContain(`file:${H1}`);

		b.people.detachFile(ada, H1);
		syncBoth(a.docs, b.docs);
		expect(a.people.files(ada).map((f) => f.name)).toEqual(['photo.jpg']);
	});

	it('ignore what is not a file entry (a buggy peer)', () => {
		const a = workspace('a');
		const ada = a.people.create({ firstName: 'Ada' });
		a.docs.transact(
			[a.layout.people.docNameOf(ada)],
			() => {
				a.layout.people.map(ada)!.set('file:not-a-hash', { name: 'x' });
				a.layout.people.map(ada)!.set(`file:${H1}`, 'garbage');
			},
			'peer'
		);
		expect(a.people.files(ada)).toEqual([]);
		expect(() =>
			a.people.attachFile(ada, { hash: '../x', name: 'x', type: '', size: 1 })
		).toThrow();
	});
});
