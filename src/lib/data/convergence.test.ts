/**
 * Convergence in the yjs style, over the workspace's many documents: several peers create,
 * edit, delete and restore people and organizations, move people between organizations and
 * edit in bulk, while each document's updates are delivered in random order and peers drop off
 * and come back; in the end every peer (and one rebuilt from the merged updates) reads the
 * same rows, records, notes and history, and no edit is lost except where two peers overwrote
 * the same field. Peers also import people (some linked by name to an organization, old or
 * new) and revert imports, through the real import code; and some runs start, instead of from
 * empty peers, from the same workspace of one document, which every peer moves into many
 * documents on its own before anything is delivered (one of them possibly after an offline
 * edit of the old document): every old record is then there once, its notes not doubled.
 * fast-check logs the seed and the operations of a failing run; a run that once failed is
 * pinned below as a named case.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { parseCsv, type ParsedCsv } from '$lib/domain/import/csv';
import { suggestMapping } from '$lib/domain/import/mapping';
import { rowConverter } from '$lib/domain/import/rows';
import { person } from '$lib/domain/record-types';
import { emptyOrganization, emptyPerson } from '$lib/domain/records';
import { docsFromUpdates, mergeDocs, syncBoth, syncInto } from './docs-testing';
import { listBatches } from './import-batch';
import { buildPlanIndex } from './import-names';
import { planImport } from './import-plan';
import { revertImport } from './import-revert';
import { runImport } from './import-run';
import { encodeSnapshot, readField, type ShardMap, type StoredChange } from './layout';
import { hasLegacyContent, keepMigrating, migrateLegacy } from './legacy-migration';
import { SETTLE_AFTER_MS } from './settled-records';
import { DeviceClients } from './device-clients';
import { recordShard, settleAll, watchSettles } from './settling';
import { Slices } from './slices';
import { Workspace } from './workspace.svelte';
import { WorkspaceDocs } from './workspace-docs';

const PERSON_FIELDS = ['firstName', 'lastName', 'title', 'source', 'kind'] as const;
const ORGANIZATION_FIELDS = ['name', 'website', 'industry', 'source'] as const;
const KINDS = ['lead', 'prospect', 'client', 'partner'];
const TYPES = ['people', 'organizations'] as const;
type TypeKey = (typeof TYPES)[number];

type Op =
	| { t: 'create'; peer: number; type: number; org: number }
	| { t: 'edit'; peer: number; type: number; record: number; field: number; value: number }
	| { t: 'note'; peer: number; type: number; record: number; token: number }
	| { t: 'remove'; peer: number; type: number; record: number }
	| { t: 'restore'; peer: number; type: number; record: number }
	| { t: 'move'; peer: number; record: number; org: number }
	| { t: 'bulk'; peer: number; from: number; count: number; value: number }
	| { t: 'tag'; peer: number; record: number; tag: number }
	/** A CSV of people, each row with an e-mail of a small pool (so some are duplicates) and an
	 * organization: 0 none, 1–2 an existing one by its name on this peer, more a new name. */
	| { t: 'import'; peer: number; mode: number; rows: { email: number; org: number }[] }
	/** `peer` reverts the last import `of` made, or else anyone's last (if it has reached `peer`). */
	| { t: 'revert'; peer: number; of: number }
	/** `peer` settles every record it may (settled-records.ts), as if a month had gone by. */
	| { t: 'settle'; peer: number }
	| { t: 'deliver'; pick: number }
	| { t: 'toggle'; peer: number };

const op = (peers: number): fc.Arbitrary<Op> => {
	const peer = fc.nat(peers - 1);
	const type = fc.nat(1);
	const record = fc.nat(20);
	return fc.oneof(
		fc.record({ t: fc.constant('create' as const), peer, type, org: fc.nat(5) }),
		fc.record({
			t: fc.constant('edit' as const),
			peer,
			type,
			record,
			field: fc.nat(4),
			value: fc.nat(1000)
		}),
		fc.record({ t: fc.constant('note' as const), peer, type, record, token: fc.nat(1e6) }),
		fc.record({ t: fc.constant('remove' as const), peer, type, record }),
		fc.record({ t: fc.constant('restore' as const), peer, type, record }),
		fc.record({ t: fc.constant('move' as const), peer, record, org: fc.nat(5) }),
		fc.record({
			t: fc.constant('bulk' as const),
			peer,
			from: record,
			count: fc.integer({ min: 1, max: 4 }),
			value: fc.nat(1000)
		}),
		fc.record({ t: fc.constant('tag' as const), peer, record, tag: fc.nat(5) }),
		fc.record({
			t: fc.constant('import' as const),
			peer,
			mode: fc.nat(1),
			rows: fc.array(fc.record({ email: fc.nat(5), org: fc.nat(4) }), {
				minLength: 1,
				maxLength: 3
			})
		}),
		fc.record({ t: fc.constant('revert' as const), peer, of: fc.nat(peers - 1) }),
		fc.record({ t: fc.constant('settle' as const), peer }),
		// delivery twice as likely as any edit, so queues drain as well as fill
		{
			arbitrary: fc.record({ t: fc.constant('deliver' as const), pick: fc.nat(10_000) }),
			weight: 2
		},
		fc.record({ t: fc.constant('toggle' as const), peer })
	);
};

interface Message {
	doc: string;
	update: Uint8Array;
}

/** A relay per document: every update a peer makes waits in a queue per (from, to). */
class Network {
	private readonly queues = new Map<string, Message[]>(); // "from>to" -> updates in flight
	readonly online: boolean[];

	constructor(readonly peers: Workspace[]) {
		this.online = peers.map(() => true);
		peers.forEach((ws, from) =>
			ws.docs.onDoc((doc, ydoc) =>
				ydoc.on('update', (update: Uint8Array, origin: unknown) => {
					if (origin === 'net') return;
					peers.forEach((_, to) => {
						if (to !== from) this.queue(from, to).push({ doc, update });
					});
				})
			)
		);
	}

	private queue(from: number, to: number): Message[] {
		const key = `${from}>${to}`;
		if (!this.queues.has(key)) this.queues.set(key, []);
		return this.queues.get(key)!;
	}

	/** Delivers one message, picked at random, between two online peers: any document, any order. */
	deliverOne(pick: number): void {
		const ready = [...this.queues.entries()].filter(([key, q]) => {
			const [from, to] = key.split('>').map(Number);
			return q.length > 0 && this.online[from] && this.online[to];
		});
		if (ready.length === 0) return;
		const [key, q] = ready[pick % ready.length];
		const to = Number(key.split('>')[1]);
		const [{ doc, update }] = q.splice(pick % q.length, 1); // out of order on purpose
		Y.applyUpdate(this.peers[to].docs.open(doc), update, 'net');
	}

	toggle(peer: number): void {
		this.online[peer] = !this.online[peer];
	}

	/** Everyone back online: a full state exchange of every document, as the sync protocol does. */
	settle(): void {
		this.online.fill(true);
		for (const q of this.queues.values()) q.length = 0;
		for (let round = 0; round < 2; round++)
			for (const a of this.peers)
				for (const b of this.peers) if (a !== b) syncInto(b.docs, a.docs, 'net');
	}
}

/**
 * How a run begins: empty peers (peer 0 then creates a few records and everyone syncs), or every
 * peer holding the same workspace of one document, one of them possibly after an offline edit
 * of it by an older version: `edit` 0 a title, 1 the notes, 2 a new person, 3 the last name, on
 * person `record`, writing text ending in `value` (which copy of an edited record wins the
 * merge depends on a hash of its content, so runs vary it).
 */
interface OfflineEdit {
	peer: number;
	edit: number;
	record: number;
	value: number;
}
type Start = { legacy: false } | { legacy: true; offline: OfflineEdit | null };

const start: fc.Arbitrary<Start> = fc.oneof(
	{ arbitrary: fc.constant({ legacy: false as const }), weight: 2 },
	fc.record({
		legacy: fc.constant(true as const),
		offline: fc.option(
			fc.record({ peer: fc.nat(3), edit: fc.nat(3), record: fc.nat(3), value: fc.nat(9) }),
			{ nil: null }
		)
	})
);

/** Fixed, so the moved copies' client ids (a hash of their content) are the same every run. */
const LEGACY_AT = Date.UTC(2025, 10, 5);
const LEGACY_ORGS = ['lo-0', 'lo-1'];
const LEGACY_PEOPLE = ['lp-0', 'lp-1', 'lp-2', 'lp-3'];
const LEGACY_NEW = 'lp-new';
const legacyNotes = (id: string) => `old notes of ${id}`;

function legacyRecord(snapshot: object, id: string, later: Record<string, unknown> = {}) {
	const map = new Y.Map<unknown>();
	map.set('$', encodeSnapshot({ ...snapshot, createdAt: LEGACY_AT, createdBy: 'old' }));
	map.set('notes', new Y.Text(legacyNotes(id)));
	for (const [key, value] of Object.entries(later)) map.set(key, value);
	return map;
}

/**
 * A workspace of one document (legacy-migration.test.ts): records in the core's top-level maps
 * 'people' and 'organizations', one of them with a later edit, one deleted, and their history.
 */
function legacyWorkspace(): Uint8Array {
	const doc = new Y.Doc();
	doc.transact(() => {
		const organizations = doc.getMap('organizations');
		LEGACY_ORGS.forEach((id, i) =>
			organizations.set(id, legacyRecord({ ...emptyOrganization(), name: `Old${i}` }, id))
		);
		const people = doc.getMap('people');
		const bookkeeping = { updatedAt: LEGACY_AT + 1, updatedBy: 'old' };
		const later: Record<string, unknown>[] = [
			{},
			{ lastName: 'Later', ...bookkeeping },
			{ deletedAt: LEGACY_AT + 1, deletedBy: 'old', ...bookkeeping },
			{}
		];
		LEGACY_PEOPLE.forEach((id, i) =>
			people.set(
				id,
				legacyRecord(
					{ ...emptyPerson(), firstName: `L${i}`, organizationId: LEGACY_ORGS[i % 2] },
					id,
					later[i]
				)
			)
		);
		const entry = (r: string, f: string, o: unknown, n: unknown): StoredChange => ({
			r,
			f,
			o,
			n,
			b: 'old',
			t: LEGACY_AT
		});
		doc
			.getArray<StoredChange>('history')
			.push([
				...[...LEGACY_ORGS, ...LEGACY_PEOPLE].map((id) => entry(id, 'created', null, null)),
				entry('lp-1', 'lastName', '', 'Later'),
				entry('lp-2', 'deleted', false, true)
			]);
	});
	return Y.encodeStateAsUpdate(doc);
}
const LEGACY = legacyWorkspace();

/** An older version's edit of the one document, offline; returns the field it wrote, if one. */
function editLegacy(
	core: Y.Doc,
	{ edit, record: n, value }: OfflineEdit
): { id: string; field: string; value: string; old: unknown } | null {
	const id = LEGACY_PEOPLE[n];
	const people = core.getMap('people') as Y.Map<Y.Map<unknown>>;
	const history = core.getArray<StoredChange>('history');
	const log = (r: string, f: string, n: unknown) =>
		history.push([{ r, f, o: null, n, b: 'offline', t: LEGACY_AT + 2 }]);
	let wrote: { id: string; field: string; value: string; old: unknown } | null = null;
	core.transact(() => {
		const record = people.get(id)!;
		if (edit === 1) (record.get('notes') as Y.Text).insert(legacyNotes(id).length, ` (${value})`);
		else if (edit === 2) {
			people.set(LEGACY_NEW, legacyRecord({ ...emptyPerson(), firstName: 'Offline' }, LEGACY_NEW));
			log(LEGACY_NEW, 'created', null);
		} else {
			const field = edit === 0 ? 'title' : 'lastName';
			wrote = { id, field, value: `Offline${value}`, old: readField(record, field) };
			record.set(field, wrote.value);
			record.set('updatedAt', LEGACY_AT + 2);
			record.set('updatedBy', 'offline');
			log(id, wrote.field, wrote.value);
		}
	}, 'older version');
	return wrote;
}

const flush = () => new Promise<void>((resolve) => queueMicrotask(resolve));
const pause = async () => {};
const byId = <T extends { id: string }>(rows: T[]) =>
	[...rows].sort((a, b) => a.id.localeCompare(b.id));
const count = (text: string, part: string) => text.split(part).length - 1;

/** Everything a peer shows: rows and records of every type, notes, history, import batches. */
function read(ws: Workspace, ids: Record<TypeKey, string[]>) {
	// Rows search the start of the notes, rebuilt once typing pauses: settle them now.
	ws.peopleLive.flushText();
	ws.organizationsLive.flushText();
	const out: Record<string, unknown> = {
		peopleRows: byId(ws.peopleLive.rows),
		organizationRows: byId(ws.organizationsLive.rows),
		historyEntries: ws.layout.history.toArray().length,
		// by id: listBatches leaves two imports of the same millisecond in arrival order (pinned below)
		batches: byId(listBatches(ws.docs.core))
	};
	for (const type of TYPES) {
		const repo = ws[type];
		out[type] = [...ids[type]].sort().map((id) => {
			const view = repo.get(id);
			return {
				id,
				record: view?.record,
				deleted: view?.deleted,
				notes: repo.notes(id).current,
				history: repo.history(id).length
			};
		});
	}
	return out;
}

/** The rows of an import's CSV, converted as the import page does. */
function csvRows(csv: string) {
	const parsed = parseCsv(csv) as ParsedCsv;
	const convert = rowConverter(suggestMapping(parsed.headers, [], person), [], { type: person });
	return parsed.rows.map(convert);
}

interface Imported {
	importId: string;
	firstName: string;
	organizationId: string | null;
	notes: string;
}

async function scenario(peerCount: number, ops: Op[], begin: Start = { legacy: false }) {
	const peers = Array.from(
		{ length: peerCount },
		(_, i) => new Workspace('ws', `m${i}`, new WorkspaceDocs())
	);
	const net = new Network(peers);
	// as persistence.ts: each peer writes again what it wrote that a settle had not seen
	const stops: (() => void)[] = peers.flatMap((ws) => {
		const clients = new DeviceClients(null);
		return [clients.watch(ws.docs), watchSettles(ws.docs, (c) => clients.has(c))];
	});

	// the last value each peer wrote to each field, and every note token and tag added
	const lastWrite = new Map<string, Map<number, unknown>>();
	const wrote = (peer: number, id: string, field: string, value: unknown) => {
		const key = `${id}|${field}`;
		if (!lastWrite.has(key)) lastWrite.set(key, new Map());
		lastWrite.get(key)!.set(peer, value);
	};

	let ids: Record<TypeKey, string[]>;
	if (begin.legacy) {
		// every peer loads the same old document into its core (as the relay served it), then
		// moves it out on its own, offline: the moves reach the others with the random deliveries
		ids = { organizations: [...LEGACY_ORGS], people: [...LEGACY_PEOPLE] };
		const offline = begin.offline && { ...begin.offline, peer: begin.offline.peer % peerCount };
		peers.forEach((ws, i) => {
			Y.applyUpdate(ws.docs.core, LEGACY, 'net');
			if (offline?.peer === i) {
				const field = editLegacy(ws.docs.core, offline);
				if (field) {
					// the two copies of the record differ: per field, either one's value is kept
					// (legacy-migration.ts), so the old value counts as a write of the other copy
					wrote(-1, field.id, field.field, field.old);
					wrote(i, field.id, field.field, field.value);
				}
				if (offline.edit === 2) ids.people.push(LEGACY_NEW);
			}
			migrateLegacy(ws.docs);
			stops.push(keepMigrating(ws.docs)); // as persistence.ts does
			ws.start();
		});
	} else {
		peers.forEach((p) => p.start());
		ids = {
			organizations: ['Acme', 'Globex'].map((name) => peers[0].organizations.create({ name })),
			people: []
		};
		for (let i = 0; i < 4; i++)
			ids.people.push(
				peers[0].people.create({ firstName: `P${i}`, organizationId: ids.organizations[i % 2] })
			);
		await flush();
		net.settle();
	}

	const tokens = new Map<string, string[]>();
	const tagsAdded = new Map<string, Set<string>>();
	const imported = new Map<string, Imported>(); // person id -> what its import wrote
	type Done = { importId: string; created: string[] };
	const importsBy = new Map<number, Done>(); // the last import of each peer
	let lastImport: Done | undefined; // and of anyone
	let importCount = 0;
	const pick = (type: TypeKey, n: number) => ids[type][n % ids[type].length];
	const orgOrNone = (n: number) => (n < ids.organizations.length ? ids.organizations[n] : null);

	for (const o of ops) {
		if (o.t === 'deliver') net.deliverOne(o.pick);
		else if (o.t === 'toggle') net.toggle(o.peer);
		else if (o.t === 'settle') {
			const shards = new Map<string, ShardMap>();
			peers[o.peer].docs.onDoc((name, doc) => {
				const shard = recordShard(name, doc);
				if (shard) shards.set(name, shard);
			})();
			const later = Date.now() + 2 * SETTLE_AFTER_MS;
			await settleAll(shards, {
				now: () => later,
				slices: () => new Slices(),
				batchGapMs: 0,
				canSettle: () => true
			});
		} else if (o.t === 'import') {
			const ws = peers[o.peer];
			const n = importCount++;
			// an existing organization by the name this peer shows, or a new name (two peers may
			// both create 'New3': two organizations of one name, as two offline imports would)
			const company = (org: number) => {
				if (org === 0) return '';
				const existing = org <= 2 ? ws.organizations.get(ids.organizations[org - 1]) : null;
				return existing && !existing.deleted ? existing.record.name : `New${org}`;
			};
			const csv = [
				'First Name,Last Name,E-mail Address,Company,Notes',
				...o.rows.map(
					(r, i) =>
						`I${n}.${i},Imported,i${r.email}@example.com,${company(r.org)},imported ${n}.${i}`
				)
			].join('\n');
			const plan = planImport(
				csvRows(csv),
				buildPlanIndex(ws, 'person'),
				o.mode === 0 ? 'skip' : 'create'
			);
			const result = await runImport(ws, plan, { fileName: `i${n}.csv`, chunkSize: 1, pause });
			const created: string[] = [];
			for (const p of plan.rows) {
				if (p.newOrganization) ids.organizations.push(p.newOrganization.id);
				if (p.action !== 'create') continue;
				ids.people.push(p.id);
				created.push(p.id);
				imported.set(p.id, {
					importId: result.importId,
					firstName: p.fields.firstName as string,
					organizationId: p.organizationId ?? null,
					notes: p.fields.notes as string
				});
				expect(ws.people.get(p.id)?.record.organizationId ?? null).toBe(p.organizationId ?? null);
			}
			for (const p of plan.rows) if (p.newOrganization) created.push(p.newOrganization.id);
			lastImport = { importId: result.importId, created };
			importsBy.set(o.peer, lastImport);
		} else if (o.t === 'revert') {
			const ws = peers[o.peer];
			const last = importsBy.get(o.of % peerCount) ?? lastImport;
			if (last) {
				const result = await revertImport(ws, last.importId, { chunkSize: 1, pause });
				// what this peer holds of the import is deleted now (what has yet to reach it is not)
				if (result.ok)
					for (const id of last.created) {
						const type = ids.people.includes(id) ? 'people' : 'organizations';
						const view = ws[type].get(id);
						if (view) expect(view.deleted).toBe(true);
					}
			}
		} else {
			const ws = peers[o.peer];
			const type = 'type' in o ? TYPES[o.type] : 'people';
			const repo = ws[type];
			const id = 'record' in o ? pick(type, o.record) : '';
			const known = id !== '' && repo.get(id) !== null; // a record yet to reach this peer
			if (o.t === 'create') {
				if (type === 'people')
					ids.people.push(ws.people.create({ firstName: 'New', organizationId: orgOrNone(o.org) }));
				else
					ids.organizations.push(
						ws.organizations.create({ name: `Org${ids.organizations.length}` })
					);
			} else if (o.t === 'edit' && known) {
				const fields = type === 'people' ? PERSON_FIELDS : ORGANIZATION_FIELDS;
				const field = fields[o.field % fields.length];
				const value = field === 'kind' ? KINDS[o.value % KINDS.length] : `v${o.value}`;
				repo.update(id, { [field]: value });
				wrote(o.peer, id, field, value);
			} else if (o.t === 'note' && known) {
				const text = repo.notes(id);
				const token = `[${o.peer}:${o.token}]`;
				text.set(text.current + token);
				tokens.set(id, [...(tokens.get(id) ?? []), token]);
			} else if (o.t === 'remove' && known) repo.remove(id);
			else if (o.t === 'restore' && known) repo.restore(id);
			else if (o.t === 'move' && known) {
				const org = orgOrNone(o.org);
				ws.people.update(id, { organizationId: org });
				wrote(o.peer, id, 'organizationId', org);
			} else if (o.t === 'bulk') {
				const chosen = [
					...new Set(Array.from({ length: o.count }, (_, i) => pick('people', o.from + i)))
				];
				const here = chosen.filter((c) => ws.people.get(c) !== null);
				ws.people.bulkUpdate(here, { source: `b${o.value}` });
				for (const c of here) wrote(o.peer, c, 'source', `b${o.value}`);
			} else if (o.t === 'tag' && known) {
				ws.people.bulkTag([id], [`t${o.tag}`], []);
				if (!tagsAdded.has(id)) tagsAdded.set(id, new Set());
				tagsAdded.get(id)!.add(`t${o.tag}`);
			}
		}
		await flush(); // history entries are written after each edit's transaction
	}
	net.settle();
	await flush(); // a record an offline older version added, moved on arrival (keepMigrating)
	net.settle();
	await flush(); // what a peer's settle had not seen, written onto it by who held it
	net.settle();

	const reference = read(peers[0], ids);
	for (const ws of peers.slice(1)) expect(read(ws, ids)).toEqual(reference);

	const rebuilt = new Workspace(
		'ws',
		'observer',
		docsFromUpdates(mergeDocs(peers.map((p) => p.docs)))
	);
	rebuilt.start();
	expect(read(rebuilt, ids)).toEqual(reference);

	// nothing doubled: every record once, in the one shard its id names
	for (const type of TYPES) {
		const collection = rebuilt.layout[type];
		expect(collection.size).toBe(ids[type].length);
		for (const id of ids[type]) expect(collection.has(id)).toBe(true);
	}
	if (begin.legacy) {
		// the old records moved once everywhere: the core keeps none, their notes are not doubled
		for (const ws of [...peers, rebuilt]) expect(hasLegacyContent(ws.docs.core)).toBe(false);
		for (const type of TYPES)
			for (const id of ids[type].filter((i) => i.startsWith('l')))
				expect(count(rebuilt[type].notes(id).current, legacyNotes(id))).toBe(1);
	}
	for (const [id, { importId, firstName, organizationId, notes }] of imported) {
		// an imported person, as its import wrote it unless a peer changed that field since
		const record = rebuilt.people.get(id)!.record;
		expect(readField(rebuilt.layout.people.get(id)!, 'importId')).toBe(importId);
		if (!lastWrite.has(`${id}|firstName`)) expect(record.firstName).toBe(firstName);
		if (!lastWrite.has(`${id}|organizationId`)) expect(record.organizationId).toBe(organizationId);
		expect(count(rebuilt.people.notes(id).current, notes)).toBe(1);
	}
	for (const [key, byPeer] of lastWrite) {
		const [id, field] = key.split('|');
		const type = ids.people.includes(id) ? 'people' : 'organizations';
		const final = (rebuilt[type].get(id)!.record as unknown as Record<string, unknown>)[field];
		// same-field overwrites: one peer's last write wins; otherwise that write is kept
		expect([...byPeer.values()]).toContain(final);
	}
	for (const [id, list] of tokens) {
		const type = ids.people.includes(id) ? 'people' : 'organizations';
		const notes = rebuilt[type].notes(id).current;
		for (const token of list) expect(count(notes, token)).toBe(count(list.join(), token));
	}
	for (const [id, added] of tagsAdded) {
		const tags = rebuilt.people.get(id)!.record.tags;
		// tags are one field: concurrent bulk-tags overwrite, but the last writer's set survives whole
		expect(tags.some((t) => added.has(t))).toBe(true);
	}
	for (const stop of stops) stop();
	for (const ws of [...peers, rebuilt]) ws.destroy();
}

function convergenceSeed(): number | undefined {
	const chosen = process.env.CONVERGENCE_SEED;
	if (chosen === 'random') return undefined;
	return chosen ? Number(chosen) : 20261202;
}

describe('convergence of concurrent edits', () => {
	it('converges for random edits, delivery orders and disconnects', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 2, max: 4 }),
				fc.array(op(4), { maxLength: 60, size: 'medium' }),
				start,
				async (n, ops, begin) => {
					const fitted = ops.map((o) => ('peer' in o ? { ...o, peer: o.peer % n } : o));
					await scenario(n, fitted, begin);
				}
			),
			// A fixed seed unless CONVERGENCE_SEED says otherwise ('random' for a new one each run):
			// the suite must not fail at random on CI; exploring is done on purpose, and a seed that
			// ever failed is pinned below.
			{ numRuns: 150, verbose: true, seed: convergenceSeed() }
		);
	});

	it('shows a deleted organization’s later name on its people, as a fresh device does (seed -51341620)', async () => {
		await scenario(2, [
			{ t: 'remove', peer: 0, type: 1, record: 15 },
			{ t: 'edit', peer: 0, type: 1, record: 15, field: 0, value: 0 }
		]);
	});

	it('keeps a single writer’s edit made while offline (pinned case)', async () => {
		await scenario(2, [
			{ t: 'toggle', peer: 1 },
			{ t: 'edit', peer: 1, type: 0, record: 0, field: 2, value: 7 },
			{ t: 'edit', peer: 0, type: 0, record: 0, field: 0, value: 3 },
			{ t: 'note', peer: 1, type: 0, record: 0, token: 1 },
			{ t: 'note', peer: 0, type: 0, record: 0, token: 2 },
			{ t: 'deliver', pick: 0 },
			{ t: 'toggle', peer: 1 }
		]);
	});

	// Found on 2026-12-02 (seed 436820597, shrunk): an older version on peer 0 created a person
	// offline in the one-document core (LEGACY_NEW, record 4); one delivery brought peer 1 only the
	// moved record's empty map (its fields come in a second transaction), and the note peer 1 typed
	// into that record, which had no notes text yet, was dropped without a word. Now the first
	// write creates the text (RecordWriter.ensureNotes), and when the moved copy's notes arrive
	// what was typed is written again into them (later-edits.ts).
	it('keeps a note typed on a person that arrived without its fields yet (seed 436820597)', async () => {
		await scenario(
			2,
			[
				{ t: 'toggle', peer: 0 },
				{ t: 'tag', peer: 0, record: 0, tag: 0 },
				{ t: 'create', peer: 0, type: 0, org: 0 },
				{ t: 'create', peer: 0, type: 0, org: 0 },
				{ t: 'note', peer: 0, type: 0, record: 0, token: 0 },
				{ t: 'tag', peer: 0, record: 0, tag: 1 },
				{ t: 'remove', peer: 0, type: 0, record: 0 },
				{ t: 'tag', peer: 0, record: 0, tag: 2 },
				{ t: 'toggle', peer: 0 },
				{ t: 'create', peer: 0, type: 0, org: 0 },
				{ t: 'deliver', pick: 7466 },
				{ t: 'note', peer: 1, type: 0, record: 4, token: 0 }
			],
			{ legacy: true, offline: { peer: 0, edit: 2, record: 0, value: 0 } }
		);
	});

	// Found by this test: when one device edited a record of the one-document workspace offline
	// before moving it, the two moved copies differ and are written under two client ids, so on
	// every key both hold one copy wins — over an edit made after the move on the other copy.
	// Here peer 0 edited lp-1's title offline, moved it, then set its last name to 'v5'; peer 1's
	// copy won 'lastName'. Now the device whose edit was overridden writes it again
	// (later-edits.ts).
	it('keeps a later edit of a field the old record held when the other copy differs', async () => {
		await scenario(2, [{ t: 'edit', peer: 0, type: 0, record: 1, field: 1, value: 5 }], {
			legacy: true,
			offline: { peer: 0, edit: 0, record: 1, value: 0 }
		});
	});

	// The same for the notes: peer 0 edited lp-0's title offline and moved it; peer 1 moved the
	// unedited lp-0 and typed '[1:1]' into its notes; peer 0's copy of the notes won. Now what peer
	// 1 typed is inserted again into the text that won, at the same place (later-edits.ts), and its
	// notes view follows the record's current text.
	it('keeps and shows notes typed after the move when the other copy differs', async () => {
		await scenario(2, [{ t: 'note', peer: 1, type: 0, record: 0, token: 1 }], {
			legacy: true,
			offline: { peer: 0, edit: 0, record: 0, value: 0 }
		});
	});

	// Found by this test: listBatches (import-batch.ts) sorted by `at` alone, so two imports
	// started in the same millisecond on two devices kept arrival order: each device listed its
	// own first. Ties now go by id. Here the clock stands still.
	it('lists two imports of the same millisecond in one order on every device', async () => {
		vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2026, 11, 1) });
		try {
			const [a, b] = ['m0', 'm1'].map((me) => new Workspace('ws', me));
			for (const ws of [a, b]) {
				ws.start();
				const plan = planImport(csvRows('First Name\nX'), buildPlanIndex(ws, 'person'), 'skip');
				await runImport(ws, plan, { fileName: `${ws.me}.csv`, chunkSize: 1, pause });
			}
			syncBoth(a.docs, b.docs);
			const order = (ws: Workspace) => listBatches(ws.docs.core).map((batch) => batch.by);
			expect(order(b)).toEqual(order(a));
		} finally {
			vi.useRealTimers();
		}
	});

	it('moves the same one-document workspace on every peer, one edited offline, then converges', async () => {
		await scenario(
			3,
			[
				{ t: 'deliver', pick: 5 },
				{
					t: 'import',
					peer: 1,
					mode: 0,
					rows: [
						{ email: 0, org: 1 },
						{ email: 1, org: 3 }
					]
				},
				{ t: 'edit', peer: 2, type: 0, record: 2, field: 2, value: 1 },
				{ t: 'note', peer: 0, type: 1, record: 0, token: 4 },
				{ t: 'deliver', pick: 11 },
				{ t: 'restore', peer: 0, type: 0, record: 2 },
				{ t: 'revert', peer: 2, of: 1 },
				{ t: 'deliver', pick: 2 }
			],
			{ legacy: true, offline: { peer: 1, edit: 2, record: 0, value: 0 } }
		);
	});

	it('converges when records and their shards are created offline and arrive in pieces', async () => {
		await scenario(3, [
			{ t: 'toggle', peer: 2 },
			{ t: 'create', peer: 2, type: 1, org: 0 },
			{ t: 'create', peer: 2, type: 0, org: 2 },
			{ t: 'move', peer: 2, record: 0, org: 2 },
			{ t: 'create', peer: 1, type: 0, org: 1 },
			{ t: 'remove', peer: 0, type: 1, record: 1 },
			{ t: 'bulk', peer: 0, from: 0, count: 4, value: 9 },
			{ t: 'toggle', peer: 2 },
			{ t: 'deliver', pick: 3 },
			{ t: 'deliver', pick: 7 },
			{ t: 'restore', peer: 1, type: 1, record: 1 },
			{ t: 'edit', peer: 2, type: 1, record: 2, field: 0, value: 5 },
			{ t: 'deliver', pick: 1 }
		]);
	});
});
