import { describe, expect, it, vi } from 'vitest';
import { RECORD_TYPES } from '$lib/domain/record-types';
import { Workspace } from './workspace.svelte';
import { copyDocs, syncBoth, syncInto } from './docs-testing';
import { WorkspaceDocs } from './workspace-docs';

function clock(start = 1_000) {
	let t = start;
	return () => (t += 1_000);
}

function pair() {
	const a = new Workspace('ws', 'alice', new WorkspaceDocs(), clock());
	const b = new Workspace('ws', 'bob', new WorkspaceDocs(), clock(50_000));
	a.start();
	b.start();
	const sync = () => syncBoth(a.docs, b.docs);
	return { a, b, sync };
}

const flush = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('deleting and restoring records', () => {
	it('writes who deleted a record alongside when, and clears both on restore', () => {
		const ws = new Workspace('ws', 'alice', new WorkspaceDocs(), clock());
		ws.start();
		const id = ws.people.create({ firstName: 'Ada', lastName: 'Lovelace' });
		ws.people.remove(id);
		const map = ws.layout.people.map(id)!;
		expect(map.get('deletedBy')).toBe('alice');
		expect(typeof map.get('deletedAt')).toBe('number');

		ws.people.restore(id);
		expect(map.has('deletedAt')).toBe(false);
		expect(map.has('deletedBy')).toBe(false);
		expect(ws.people.get(id)!.deleted).toBe(false);
		expect(ws.people.rows.map((r) => r.id)).toEqual([id]);
	});

	it('keeps who deleted a record first when it is deleted again', () => {
		const { a, b, sync } = pair();
		const id = a.people.create({ firstName: 'Ada' });
		sync();
		a.people.remove(id);
		sync();
		b.people.remove(id);
		sync();
		expect(b.people.deleted.map((d) => d.deletedBy)).toEqual(['alice']);
	});

	it('deletes many records as one undo step, and restores one as one undo step', () => {
		const ws = new Workspace('ws', 'alice', new WorkspaceDocs(), clock());
		ws.start();
		const ids = ['Ada', 'Grace', 'Linus'].map((firstName) => ws.people.create({ firstName }));
		ws.people.bulkRemove(ids.slice(0, 2));
		expect(ws.people.rows.map((r) => r.name)).toEqual(['Linus']);

		ws.people.restore(ids[0]);
		expect(ws.people.rows.map((r) => r.name).sort()).toEqual(['Ada', 'Linus']);
		ws.undo.undo(); // the restore only
		expect(ws.people.rows.map((r) => r.name)).toEqual(['Linus']);
		expect(ws.people.deleted.map((d) => d.name).sort()).toEqual(['Ada', 'Grace']);
		ws.undo.undo(); // the whole bulk delete
		expect(ws.people.rows.map((r) => r.name).sort()).toEqual(['Ada', 'Grace', 'Linus']);
		expect(ws.people.deleted).toEqual([]);
		ws.undo.redo();
		expect(ws.people.deleted.map((d) => d.name).sort()).toEqual(['Ada', 'Grace']);
	});

	it('logs the delete and the restore in the record history', async () => {
		const ws = new Workspace('ws', 'alice', new WorkspaceDocs(), clock());
		ws.start();
		const id = ws.people.create({ firstName: 'Ada' });
		ws.people.remove(id);
		ws.people.restore(id);
		await flush();
		const changes = ws.people.history(id).filter((c) => c.field === 'deleted');
		expect(changes.map((c) => [c.from, c.to, c.by])).toEqual([
			[true, false, 'alice'],
			[false, true, 'alice']
		]);
		// the bookkeeping key is never a field of its own in the history
		expect(ws.people.history(id).some((c) => c.field === 'deletedBy')).toBe(false);
	});

	it('a restore made on another device reaches this one, with its history entry', async () => {
		const { a, b, sync } = pair();
		const id = a.people.create({ firstName: 'Grace', lastName: 'Hopper' });
		a.people.remove(id);
		sync();
		expect(b.people.deleted).toMatchObject([{ id, name: 'Grace Hopper', deletedBy: 'alice' }]);
		b.people.restore(id);
		await flush();
		sync();
		expect(a.people.rows.map((r) => r.id)).toEqual([id]);
		expect(a.people.deleted).toEqual([]);
		expect(a.people.history(id)[0]).toMatchObject({ field: 'deleted', to: false, by: 'bob' });
	});
});

describe('the deleted-records list', () => {
	it('lists deleted records newest first, with name, time and who deleted them', () => {
		const { a, b, sync } = pair();
		const ada = a.people.create({ firstName: 'Ada', lastName: 'Lovelace' });
		const grace = a.people.create({ firstName: 'Grace', lastName: 'Hopper' });
		const acme = a.organizations.create({ name: 'Acme' });
		sync();
		a.people.remove(ada);
		sync();
		b.people.remove(grace); // bob's clock is later
		b.organizations.remove(acme);
		sync();
		expect(a.people.deleted.map((d) => [d.name, d.deletedBy])).toEqual([
			['Grace Hopper', 'bob'],
			['Ada Lovelace', 'alice']
		]);
		expect(a.people.deleted[0].deletedAt).toBeGreaterThan(a.people.deleted[1].deletedAt);
		expect(a.organizations.deleted.map((d) => [d.name, d.deletedBy])).toEqual([['Acme', 'bob']]);
	});

	it('names who deleted a record an older client deleted (no deletedBy)', () => {
		const ws = new Workspace('ws', 'alice', new WorkspaceDocs(), clock());
		ws.start();
		const id = ws.people.create({ firstName: 'Ada' });
		const map = ws.layout.people.map(id)!;
		ws.layout.people.transact(
			[id],
			() => {
				map.set('deletedAt', 5);
				map.set('updatedBy', 'carol');
			},
			null
		);
		expect(ws.people.deleted).toEqual([{ id, name: 'Ada', deletedAt: 5, deletedBy: 'carol' }]);
	});

	it('follows a renamed deleted record, and drops a restored one', () => {
		const ws = new Workspace('ws', 'alice', new WorkspaceDocs(), clock());
		ws.start();
		const id = ws.people.create({ firstName: 'Ada' });
		ws.people.remove(id);
		expect(ws.people.deleted.map((d) => d.name)).toEqual(['Ada']);
		ws.people.update(id, { firstName: 'Augusta' }); // a peer's concurrent edit is kept
		expect(ws.people.deleted.map((d) => d.name)).toEqual(['Augusta']);
		ws.people.restore(id);
		expect(ws.people.deleted).toEqual([]);
	});

	it('is read from the document once, not on every read or unrelated edit', () => {
		const ws = new Workspace('ws', 'alice', new WorkspaceDocs(), clock());
		ws.start();
		const ids = ['Ada', 'Grace'].map((firstName) => ws.people.create({ firstName }));
		ws.people.remove(ids[0]);
		const people = ws.layout.people;
		const scan = vi.spyOn(people, 'forEach');
		const first = ws.people.deleted;
		expect(ws.people.deleted).toBe(first); // no new array per read
		ws.people.update(ids[1], { title: 'Admiral' });
		expect(ws.people.deleted).toBe(first); // an edit of a live record changes nothing
		ws.people.remove(ids[1]);
		expect(ws.people.deleted.map((d) => d.name)).toEqual(['Grace', 'Ada']);
		expect(scan).toHaveBeenCalledTimes(1);
	});

	it('holds the records deleted before the document loaded, read before or after', () => {
		const { a } = pair();
		const ids = ['Ada', 'Grace'].map((firstName) => a.people.create({ firstName }));
		a.people.remove(ids[1]);

		const later = new Workspace('ws', 'alice', new WorkspaceDocs());
		expect(later.people.deleted).toEqual([]); // read while nothing has loaded
		syncInto(later.docs, a.docs, 'load'); // the device copy arrives
		later.start();
		expect(later.people.deleted.map((d) => d.name)).toEqual(['Grace']);
	});

	it('holds the records deleted before the rows were cached, after an open from the cache', async () => {
		const { a } = pair();
		const ids = ['Ada', 'Grace', 'Linus'].map((firstName) => a.people.create({ firstName }));
		a.people.remove(ids[1]);
		const rows = JSON.parse(JSON.stringify(a.peopleLive.rows)) as typeof a.peopleLive.rows;
		const orgRows = JSON.parse(JSON.stringify(a.organizationsLive.rows)) as [];
		const since = Object.fromEntries(RECORD_TYPES.map((t) => [t.name, a.docSnapshots(t)]));
		a.people.remove(ids[2]); // after the cache was written

		const reopened = new Workspace('ws', 'alice', copyDocs(a.docs));
		reopened.peopleLive.showCached(rows);
		reopened.organizationsLive.showCached(orgRows);
		expect(await reopened.startFromCache(since)).not.toBeNull();
		expect(reopened.people.deleted.map((d) => d.name)).toEqual(['Linus', 'Grace']);
		expect(reopened.people.rows.map((r) => r.name)).toEqual(['Ada']);
	});
});
