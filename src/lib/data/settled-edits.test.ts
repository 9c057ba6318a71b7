/**
 * A settled record held as its snapshot's text (settled-records.ts), read and edited through the
 * app's workspace: rows, views, notes, history and undo see the same record as before it settled.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace } from './workspace.svelte';
import { LOCAL_EDIT } from './origins';
import { SETTLE_AFTER_MS, settleRecords, unsettledMap } from './settled-records';

const LATER = Date.now() + 2 * SETTLE_AFTER_MS;

/** A workspace with one person, edited once, then settled as a month later. */
function withASettledPerson() {
	const ws = new Workspace('ws', 'alice');
	ws.start();
	const id = ws.people.create({ firstName: 'Ada', lastName: 'Byron', tags: ['vip'] });
	ws.people.update(id, { title: 'Analyst' });
	const before = ws.people.get(id)!.record;
	const people = ws.layout.people;
	expect(settleRecords('people', people.shardOf(id)!, [id], LATER)).toBe(1);
	expect(typeof people.get(id)).toBe('string');
	ws.undo.stopCapturing();
	return { ws, id, before, people };
}

describe('a settled record in the workspace', () => {
	it('reads and lists the same as before it settled', () => {
		const { ws, id, before } = withASettledPerson();
		expect(ws.people.get(id)!.record).toEqual(before);
		expect(ws.people.rows.map((r) => r.name)).toEqual(['Ada Byron']);
		expect(ws.people.rows[0].search).toContain('analyst');
	});

	it('is a map again once edited: the edit logged and undone like any other', async () => {
		const { ws, id, people } = withASettledPerson();
		ws.people.update(id, { title: 'Countess' });
		expect(people.get(id)).toBeInstanceOf(Y.Map);
		expect(ws.people.get(id)!.record).toMatchObject({ firstName: 'Ada', title: 'Countess' });
		expect(ws.people.rows[0].search).toContain('countess');
		await Promise.resolve();
		const change = ws.people.history(id).find((h) => h.field === 'title' && h.to === 'Countess');
		expect(change).toMatchObject({ from: 'Analyst', by: 'alice' });
		ws.undo.undo();
		expect(ws.people.get(id)!.record.title).toBe('Analyst');
	});

	it('logs an edit that made it a map in the edit’s own transaction (an import’s)', async () => {
		const { ws, id, people } = withASettledPerson();
		people.transact([id], () => unsettledMap(people, id)!.set('lastName', 'King'), LOCAL_EDIT);
		await Promise.resolve();
		const change = ws.people.history(id).find((h) => h.field === 'lastName');
		expect(change).toMatchObject({ from: 'Byron', to: 'King' });
		expect(ws.people.rows[0].name).toBe('Ada King');
	});

	it('shows notes typed into it, and keeps them searchable', () => {
		const { ws, id } = withASettledPerson();
		ws.people.notes(id).set('Met at the Difference Engine demo');
		expect(ws.people.notes(id).current).toBe('Met at the Difference Engine demo');
		ws.peopleLive.flushText(); // rows take notes once typing pauses
		expect(ws.people.rows[0].search).toContain('difference engine');
	});

	it('finds notes a record had before it settled (its shard’s root text)', () => {
		const ws = new Workspace('ws', 'alice');
		ws.start();
		const id = ws.people.create({ firstName: 'Grace' });
		ws.people.notes(id).set('Prefers e-mail');
		ws.people.update(id, { title: 'Admiral' });
		ws.peopleLive.flushText();
		const people = ws.layout.people;
		expect(settleRecords('people', people.shardOf(id)!, [id], LATER)).toBe(1);
		expect(typeof people.get(id)).toBe('string');
		expect(ws.people.notes(id).current).toBe('Prefers e-mail');
		expect(ws.people.rows[0].search).toContain('prefers e-mail');
	});

	it('makes a bulk edit’s settled records maps under one client id per shard, not per record', () => {
		// Yjs keeps an entry per client in a document: one per record would cost ~450 bytes each.
		const ws = new Workspace('ws', 'alice');
		ws.start();
		const ids = Array.from({ length: 600 }, (_, i) => ws.people.create({ firstName: `P${i}` }));
		const people = ws.layout.people;
		for (const [, shard] of people.shards())
			settleRecords('people', shard, [...shard.keys()], LATER);
		expect(ids.every((id) => typeof people.get(id) === 'string')).toBe(true);
		ws.people.bulkTag(ids, ['renewal'], []);
		const clients = new Map<unknown, Set<number>>();
		for (const id of ids) {
			const shard = people.shardOf(id)!;
			const set = clients.get(shard) ?? new Set<number>();
			set.add(shard._map.get(id)!.id.client);
			clients.set(shard, set);
		}
		expect(clients.size).toBeGreaterThan(100); // the 600 people are spread over the shards
		for (const set of clients.values()) expect(set.size).toBe(1);
		expect(ws.people.rows.every((r) => r.search.includes('renewal'))).toBe(true);
	});

	it('is removed and restored like any other', () => {
		const { ws, id } = withASettledPerson();
		ws.people.remove(id);
		expect(ws.people.get(id)!.deleted).toBe(true);
		expect(ws.people.rows).toHaveLength(0);
		ws.people.restore(id);
		expect(ws.people.rows).toHaveLength(1);
	});
});
