import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DeviceDocsDb } from '$lib/data/device-docs-db';
import type { ReportResult } from '$lib/domain/reports/report';
import type { DashboardFilters } from './dashboards';
import {
	CardResultsDb,
	LIMIT,
	cardResultKey,
	inputsOf,
	keepCardResult,
	readCardResults,
	storedPrints
} from './card-results';

let n = 0;
const opened: { close(): void }[] = [];
function dbs() {
	const docs = new DeviceDocsDb(`card-results-docs-${++n}`);
	const results = new CardResultsDb(`card-results-${n}`);
	opened.push(docs, results);
	return { docs, results };
}
afterEach(() => {
	for (const db of opened.splice(0)) db.close();
});

const NOW = Date.UTC(2026, 11, 2, 10, 42);
const FILTERS: DashboardFilters = {
	period: 'this-quarter',
	compare: false,
	ownerId: null,
	teamId: null,
	pipelineId: null,
	segmentId: null
};

function won(value: number, ids: string[]): ReportResult {
	return {
		kind: 'number',
		unit: { kind: 'count' },
		series: [],
		table: { columns: [{ key: 'a', label: 'A' }], rows: [] },
		total: { key: 'won', label: 'Won', value, drill: { type: 'deal', ids } }
	};
}

function deal(doc: Y.Doc, id: string, stage: string): void {
	doc.transact(() => {
		const map = new Y.Map<unknown>();
		map.set('stage', stage);
		doc.getMap('deals').set(id, map);
	});
}

describe('kept card results', () => {
	it('gives back the figures, as current while the data is the same', async () => {
		const { results } = dbs();
		const doc = new Y.Doc();
		deal(doc, 'd1', 'won');
		const inputs = inputsOf([['deals.0', doc]], new Map());
		const key = cardResultKey('won-lost', FILTERS, NOW, 'Europe/Paris');
		await keepCardResult('w', key, won(3, ['d1', 'd2', 'd3']), inputs, NOW, results);

		const kept = await readCardResults(
			'w',
			[key],
			inputsOf([['deals.0', doc]], new Map()),
			results
		);
		expect(kept.get(key)?.changed).toBe(false);
		expect(kept.get(key)?.at).toBe(NOW);
		expect(kept.get(key)?.result.total?.value).toBe(3);
		// The records behind a figure are listed live (its link names the figure), never kept.
		expect(kept.get(key)?.result.total?.drill).toEqual({ type: 'deal', ids: [] });
		// Before the workspace has opened, whether it changed is not known: not said to be current.
		expect((await readCardResults('w', [key], null, results)).get(key)?.changed).toBeNull();
	});

	it('marks a result changed after any edit, of an open document or a stored one not open', async () => {
		const { docs, results } = dbs();
		const doc = new Y.Doc();
		deal(doc, 'd1', 'lead');
		await docs.updates.add({
			ws: 'w',
			doc: 'interactions.2024-01',
			update: new Uint8Array([0, 0])
		});
		const now = async () => inputsOf([['deals.0', doc]], await storedPrints('w', docs));
		const key = cardResultKey('won-lost', FILTERS, NOW, 'UTC');
		await keepCardResult('w', key, won(0, []), await now(), NOW, results);
		const changed = async () =>
			(await readCardResults('w', [key], await now(), results)).get(key)?.changed;
		expect(await changed()).toBe(false);

		// Another workspace's rows, and the open document's rows compacted: nothing changed.
		await docs.updates.add({ ws: 'other', doc: 'deals.0', update: new Uint8Array([0, 0]) });
		await docs.updates.add({ ws: 'w', doc: 'deals.0', update: Y.encodeStateAsUpdate(doc) });
		expect(await changed()).toBe(false);

		deal(doc, 'd1', 'won'); // an edit of an open document
		expect(await changed()).toBe(true);
		await keepCardResult('w', key, won(1, ['d1']), await now(), NOW, results);
		expect(await changed()).toBe(false);

		// A row stored for an old month, not open here (a teammate's edit fetched into it).
		await docs.updates.add({
			ws: 'w',
			doc: 'interactions.2024-01',
			update: new Uint8Array([0, 0])
		});
		expect(await changed()).toBe(true);
	});

	it('keys by report, filters, period as instants and zone', () => {
		const key = (f: Partial<DashboardFilters>, now = NOW, zone = 'UTC', report = 'won-lost') =>
			cardResultKey(report, { ...FILTERS, ...f }, now, zone);
		const base = key({});
		expect(key({}, NOW + 60_000)).toBe(base); // the same quarter a minute later
		expect(key({}, Date.UTC(2027, 0, 2))).not.toBe(base); // the next quarter
		expect(key({}, NOW, 'Pacific/Auckland')).not.toBe(base);
		expect(key({}, NOW, 'UTC', 'pipeline-by-stage')).not.toBe(base);
		for (const f of [
			{ compare: true },
			{ ownerId: 'm1' },
			{ teamId: 't1' },
			{ pipelineId: 'p1' },
			{ segmentId: 's1' },
			{ period: 'last-12-months' as const }
		])
			expect(key(f)).not.toBe(base);
	});

	it('finds nothing for another key or workspace, and keeps at most LIMIT a workspace', async () => {
		const { results } = dbs();
		const key = (i: number) => cardResultKey(`r${i}`, FILTERS, NOW, 'UTC');
		for (let i = 0; i <= LIMIT; i++) await keepCardResult('w', key(i), won(i, []), 'x', i, results);
		expect(await results.results.count()).toBe(LIMIT);
		const read = await readCardResults('w', [key(0), key(1), key(LIMIT)], 'x', results);
		expect([...read.keys()]).toEqual([key(1), key(LIMIT)]); // the oldest let go
		expect((await readCardResults('v', [key(1)], 'x', results)).size).toBe(0);
	});
});
