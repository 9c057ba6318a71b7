/**
 * Convergence in the yjs style: several peers edit the same records at once, messages are
 * delivered in random order, peers drop off and come back; in the end every peer (and one
 * rebuilt from the merged updates) reads the same, and no edit is lost except where two
 * peers overwrote the same field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Workspace } from './workspace.svelte';

const FIELDS = ['firstName', 'lastName', 'title', 'source', 'kind'] as const;
const KINDS = ['lead', 'prospect', 'client', 'partner'];

type Op =
	| { t: 'edit'; peer: number; record: number; field: number; value: number }
	| { t: 'note'; peer: number; record: number; token: number }
	| { t: 'tag'; peer: number; record: number; tag: number }
	| { t: 'deliver'; pick: number }
	| { t: 'toggle'; peer: number };

const op = (peers: number): fc.Arbitrary<Op> =>
	fc.oneof(
		fc.record({
			t: fc.constant('edit' as const),
			peer: fc.nat(peers - 1),
			record: fc.nat(2),
			field: fc.nat(FIELDS.length - 1),
			value: fc.nat(1000)
		}),
		fc.record({ t: fc.constant('note' as const), peer: fc.nat(peers - 1), record: fc.nat(2), token: fc.nat(1e6) }),
		fc.record({ t: fc.constant('tag' as const), peer: fc.nat(peers - 1), record: fc.nat(2), tag: fc.nat(5) }),
		fc.record({ t: fc.constant('deliver' as const), pick: fc.nat(10_000) }),
		fc.record({ t: fc.constant('toggle' as const), peer: fc.nat(peers - 1) })
	);

class Network {
	readonly queues = new Map<string, Uint8Array[]>(); // "from>to" -> updates in flight
	readonly online: boolean[];

	constructor(readonly peers: Workspace[]) {
		this.online = peers.map(() => true);
		peers.forEach((ws, from) =>
			ws.doc.on('update', (update: Uint8Array, origin: unknown) => {
				if (origin === 'net') return;
				peers.forEach((_, to) => {
					if (to !== from) this.queue(from, to).push(update);
				});
			})
		);
	}

	queue(from: number, to: number): Uint8Array[] {
		const key = `${from}>${to}`;
		if (!this.queues.has(key)) this.queues.set(key, []);
		return this.queues.get(key)!;
	}

	/** Delivers one message from a random non-empty queue between two online peers. */
	deliverOne(pick: number): void {
		const ready = [...this.queues.entries()].filter(([key, q]) => {
			const [from, to] = key.split('>').map(Number);
			return q.length > 0 && this.online[from] && this.online[to];
		});
		if (ready.length === 0) return;
		const [key, q] = ready[pick % ready.length];
		const to = Number(key.split('>')[1]);
		const index = pick % q.length; // out of order on purpose
		const [update] = q.splice(index, 1);
		Y.applyUpdate(this.peers[to].doc, update, 'net');
	}

	/** Back online: a full state exchange with everyone, as the sync protocol does. */
	toggle(peer: number): void {
		this.online[peer] = !this.online[peer];
	}

	settle(): void {
		this.online.fill(true);
		for (const q of this.queues.values()) q.length = 0;
		for (const a of this.peers)
			for (const b of this.peers)
				if (a !== b) Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)), 'net');
	}
}

async function scenario(peerCount: number, ops: Op[]): Promise<void> {
	const peers = Array.from({ length: peerCount }, (_, i) => new Workspace('ws', `m${i}`));
	peers.forEach((p) => p.start());
	const ids = [0, 1, 2].map((i) => peers[0].people.create({ firstName: `P${i}` }));
	const net = new Network(peers);
	net.settle();

	// the last value each peer wrote to each field, and every note token and tag added
	const lastWrite = new Map<string, Map<number, string>>();
	const tokens = new Map<string, string[]>();
	const tagsAdded = new Map<string, Set<string>>();
	for (const o of ops) {
		if (o.t === 'edit') {
			const field = FIELDS[o.field];
			const value = field === 'kind' ? KINDS[o.value % KINDS.length] : `v${o.value}`;
			peers[o.peer].people.update(ids[o.record], { [field]: value });
			const key = `${o.record}.${field}`;
			if (!lastWrite.has(key)) lastWrite.set(key, new Map());
			lastWrite.get(key)!.set(o.peer, value);
		} else if (o.t === 'note') {
			const text = peers[o.peer].people.notes(ids[o.record]);
			const token = `[${o.peer}:${o.token}]`;
			text.set(text.current + token);
			tokens.set(ids[o.record], [...(tokens.get(ids[o.record]) ?? []), token]);
		} else if (o.t === 'tag') {
			peers[o.peer].people.bulkTag([ids[o.record]], [`t${o.tag}`], []);
			if (!tagsAdded.has(ids[o.record])) tagsAdded.set(ids[o.record], new Set());
			tagsAdded.get(ids[o.record])!.add(`t${o.tag}`);
		} else if (o.t === 'deliver') net.deliverOne(o.pick);
		else net.toggle(o.peer);
	}
	await Promise.resolve(); // history entries are written after each edit's transaction
	net.settle();

	const read = (ws: Workspace) => ids.map((id) => ws.people.get(id)!.record);
	const reference = read(peers[0]);
	for (const ws of peers) expect(read(ws)).toEqual(reference);

	const rebuilt = new Workspace('ws', 'observer');
	Y.applyUpdate(rebuilt.doc, Y.mergeUpdates(peers.map((p) => Y.encodeStateAsUpdate(p.doc))));
	rebuilt.start();
	expect(read(rebuilt)).toEqual(reference);

	for (const [key, byPeer] of lastWrite) {
		const [record, field] = key.split('.');
		const final = (reference[Number(record)] as unknown as Record<string, unknown>)[field];
		// same-field overwrites: one peer's last write wins; otherwise that write is kept
		expect([...byPeer.values()]).toContain(final);
	}
	for (const [id, list] of tokens) {
		const notes = peers[0].people.notes(id).current;
		for (const token of list) expect(notes).toContain(token);
	}
	for (const [id, added] of tagsAdded) {
		const tags = peers[0].people.get(id)!.record.tags;
		// tags are one field: concurrent bulk-tags overwrite, but the last writer's set survives whole
		expect(tags.some((t) => added.has(t))).toBe(true);
	}
}

describe('convergence of concurrent edits', () => {
	it('converges for random edits, delivery orders and disconnects', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 2, max: 4 }), fc.array(op(4), { maxLength: 60 }), async (n, ops) => {
				const fitted = ops.map((o) => ('peer' in o ? { ...o, peer: o.peer % n } : o));
				await scenario(n, fitted);
			}),
			{ numRuns: 60, verbose: true }
		);
	});

	it('keeps a single writer’s edit made while offline (pinned case)', async () => {
		await scenario(2, [
			{ t: 'toggle', peer: 1 },
			{ t: 'edit', peer: 1, record: 0, field: 2, value: 7 },
			{ t: 'edit', peer: 0, record: 0, field: 0, value: 3 },
			{ t: 'note', peer: 1, record: 0, token: 1 },
			{ t: 'note', peer: 0, record: 0, token: 2 },
			{ t: 'deliver', pick: 0 },
			{ t: 'toggle', peer: 1 }
		]);
	});
});
