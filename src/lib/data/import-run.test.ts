import { describe, expect, it } from 'vitest';
import { parseCsv, type ParsedCsv } from '$lib/domain/import/csv';
import { suggestMapping } from '$lib/domain/import/mapping';
import { rowConverter, type RowResult } from '$lib/domain/import/rows';
import type { ImportableType } from '$lib/domain/import/targets';
import { organization, person } from '$lib/domain/record-types';
import { copyDocs, syncInto } from './docs-testing';
import { listBatches } from './import-batch';
import { buildPlanIndex } from './import-names';
import { planImport } from './import-plan';
import { revertImport } from './import-revert';
import { nextChunkSize, runImport } from './import-run';
import type { DuplicateMode } from './import-batch';
import { Workspace } from './workspace.svelte';

const pause = () => Promise.resolve();

function workspace(me = 'me'): Workspace {
	const ws = new Workspace('ws', me);
	ws.start();
	return ws;
}

function rowsOf(csv: string, type: ImportableType = person): RowResult[] {
	const parsed = parseCsv(csv) as ParsedCsv;
	const mapping = suggestMapping(parsed.headers, [], type);
	const convert = rowConverter(mapping, [], { type });
	return parsed.rows.map(convert);
}

async function importCsv(ws: Workspace, csv: string, mode: DuplicateMode = 'skip', chunkSize = 2) {
	const plan = planImport(rowsOf(csv), buildPlanIndex(ws, 'person'), mode);
	const result = await runImport(ws, plan, { fileName: 'people.csv', chunkSize, pause });
	return { plan, result };
}

/** A second device: the documents as they arrive through the relay. */
function copyOf(ws: Workspace, me = 'other'): Workspace {
	const other = new Workspace('ws', me, copyDocs(ws.docs));
	other.start();
	return other;
}

const PEOPLE = [
	'First Name,Last Name,E-mail Address,Company,Notes',
	'Ada,Lovelace,ada@example.com,Analytical Engines,Met at the fair',
	'Grace,Hopper,grace@example.com,Navy,',
	'Alan,Turing,alan@example.com,analytical engines ,',
	',,,,just a note'
].join('\n');

describe('runImport', () => {
	it('creates records in chunks, records the batch, and a reload sees both', async () => {
		const ws = workspace();
		const progress: number[] = [];
		const plan = planImport(rowsOf(PEOPLE), buildPlanIndex(ws, 'person'), 'skip');
		expect(plan.empty).toBe(1);
		const result = await runImport(ws, plan, {
			fileName: 'people.csv',
			chunkSize: 2,
			pause,
			onProgress: (p) => progress.push(p.done)
		});
		expect(progress).toEqual([2, 3]);
		expect(result).toMatchObject({ created: 3, createdOrganizations: 2, cancelled: false });
		expect(ws.people.rows.map((r) => r.name).sort()).toEqual([
			'Ada Lovelace',
			'Alan Turing',
			'Grace Hopper'
		]);
		const ada = ws.people.rows.find((r) => r.firstName === 'Ada')!;
		expect(ws.people.notes(ada.id).current).toBe('Met at the fair');

		const reloaded = copyOf(ws);
		const [batch] = listBatches(reloaded.docs.core);
		expect(batch).toMatchObject({
			id: result.importId,
			fileName: 'people.csv',
			entity: 'person',
			created: 3,
			createdOrganizations: 2,
			skipped: 1,
			status: 'done',
			by: 'me'
		});
		expect(reloaded.people.rows).toHaveLength(3);
	});

	it('links organizations by name, case-insensitively, and creates each new one once', async () => {
		const ws = workspace();
		const navy = ws.organizations.create({ name: 'NAVY' });
		await importCsv(ws, PEOPLE);
		const orgs = ws.organizations.rows;
		expect(orgs.map((o) => o.name).sort()).toEqual(['Analytical Engines', 'NAVY']);
		const engines = orgs.find((o) => o.name === 'Analytical Engines')!;
		const byName = (first: string) => ws.people.rows.find((r) => r.firstName === first)!;
		expect(byName('Grace').organizationId).toBe(navy);
		expect(byName('Ada').organizationId).toBe(engines.id);
		expect(byName('Alan').organizationId).toBe(engines.id);
		expect(byName('Alan').organizationName).toBe('Analytical Engines');
	});

	it('reverts in one step, also from another device, leaving earlier records alone', async () => {
		const ws = workspace();
		const kept = ws.people.create({ firstName: 'Kept', lastName: 'Before' });
		const { result } = await importCsv(ws, PEOPLE);
		expect(ws.people.rows).toHaveLength(4);

		const other = copyOf(ws);
		const reverted = await revertImport(other, result.importId, { chunkSize: 2, pause });
		expect(reverted).toEqual({ ok: true, removed: 5, restored: 0 });
		expect(other.people.rows.map((r) => r.id)).toEqual([kept]);
		expect(other.organizations.rows).toEqual([]);
		expect(listBatches(other.docs.core)[0]).toMatchObject({
			status: 'reverted',
			revertedBy: 'other'
		});

		// the revert syncs back; the records are soft-deleted, so they can be restored
		syncInto(ws.docs, other.docs);
		expect(ws.people.rows.map((r) => r.id)).toEqual([kept]);
		const created = [...ws.layout.people.keys()].filter((id) => id !== kept);
		expect(created.map((id) => ws.people.get(id)!.deleted)).toEqual([true, true, true]);
		expect(await revertImport(ws, result.importId, { pause })).toEqual({
			ok: false,
			message: 'This import was already reverted.'
		});
	});

	it('skips duplicates by e-mail and phone, also repeats within the file', async () => {
		const ws = workspace();
		ws.people.create({
			firstName: 'Ada',
			lastName: 'L.',
			emails: [{ label: 'work', value: 'ADA@example.com' }]
		});
		ws.people.create({ firstName: 'Ph', phones: [{ label: 'work', value: '+33 6 12 34 56 78' }] });
		const csv = [
			'First Name,Last Name,E-mail Address,Phone',
			'Ada,Lovelace,ada@example.com,',
			'Phil,Lips,,06 12 34 56 78',
			'New,One,new@example.com,',
			'New,Again,new@example.com,'
		].join('\n');
		const { plan, result } = await importCsv(ws, csv);
		expect(plan.duplicates.map((d) => [d.row, d.reason, d.inFile])).toEqual([
			[0, 'same e-mail', false],
			[1, 'same phone', false],
			[3, 'same e-mail', true]
		]);
		expect(plan.duplicates[0].name).toBe('Ada L.');
		expect(plan.duplicates[2].name).toBe('row 3 of this file');
		expect(result.created).toBe(1);
		expect(ws.people.rows).toHaveLength(3);
	});

	it('creates duplicates anyway when asked to', async () => {
		const ws = workspace();
		ws.people.create({ firstName: 'Ada', emails: [{ label: 'work', value: 'ada@example.com' }] });
		const { result } = await importCsv(ws, 'Email,First Name\nada@example.com,Ada', 'create');
		expect(result.created).toBe(1);
		expect(ws.people.rows).toHaveLength(2);
	});

	it('updates existing records and restores their previous values on revert', async () => {
		const ws = workspace();
		const customId = ws.customFields.define({
			entity: 'person',
			label: 'Shoe size',
			type: 'number',
			options: []
		});
		const id = ws.people.create({
			firstName: 'Ada',
			lastName: 'Byron',
			title: 'Countess',
			emails: [{ label: 'work', value: 'ada@example.com' }],
			tags: ['vip']
		});
		ws.people.setCustom(id, customId, 38);
		ws.people.notes(id).set('Old note');

		const csv = [
			'E-mail Address,Last Name,Job Title,Tags,Shoe size,Notes,E-mail 2 Address,Potential Value',
			'ada@example.com,Lovelace,,math,39,Imported note,ada@home.example,50000'
		].join('\n');
		const parsed = parseCsv(csv) as ParsedCsv;
		const defs = ws.customFields.list;
		const mapping = suggestMapping(parsed.headers, defs, person);
		const rows = parsed.rows.map(rowConverter(mapping, defs, { type: person }));
		const plan = planImport(rows, buildPlanIndex(ws, 'person'), 'update');
		expect(plan.updates).toBe(1);
		const result = await runImport(ws, plan, { fileName: 'u.csv', pause });
		expect(result.updated).toBe(1);
		expect(result.unchanged).toBeUndefined();
		// The same file again: the person matches and already has every value (issue #18: the
		// result said "0 people created" and nothing of the match).
		const again = planImport(rows, buildPlanIndex(ws, 'person'), 'update');
		const second = await runImport(ws, again, { fileName: 'u.csv', pause });
		expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 1 });

		const updated = ws.people.get(id)!.record;
		expect(updated.lastName).toBe('Lovelace');
		expect(updated.title).toBe('Countess'); // an empty cell changes nothing
		expect(updated.tags).toEqual(['vip', 'math']);
		expect(updated.emails.map((e) => e.value)).toEqual(['ada@example.com', 'ada@home.example']);
		expect(updated.custom[customId]).toBe(39);
		expect(updated.potentialValue).toBe(50_000);
		expect(ws.people.notes(id).current).toBe('Old note\nImported note');

		// a teammate edits another field meanwhile; revert must keep that edit
		ws.people.update(id, { source: 'fair' });
		const other = copyOf(ws);
		expect(await revertImport(other, result.importId, { pause })).toEqual({
			ok: true,
			removed: 0,
			restored: 1
		});
		const back = other.people.get(id)!.record;
		expect(back.lastName).toBe('Byron');
		expect(back.tags).toEqual(['vip']);
		expect(back.emails.map((e) => e.value)).toEqual(['ada@example.com']);
		expect(back.custom[customId]).toBe(38);
		expect(back.potentialValue).toBeNull();
		expect(back.source).toBe('fair');
		expect(other.people.notes(id).current).toBe('Old note');
	});

	it('gives imported notes to a record that had none, and takes them back on revert', async () => {
		const ws = workspace();
		// Made without notes, so it holds no text (data/record-texts.ts); an older record's buggy
		// plain-string notes stay the start of its notes.
		const plain = ws.people.create({
			firstName: 'Grace',
			emails: [{ label: 'work', value: 'g@example.com' }]
		});
		const buggy = ws.people.create({
			firstName: 'Alan',
			emails: [{ label: 'work', value: 'a@example.com' }]
		});
		ws.layout.people.transact(
			[buggy],
			() => ws.layout.people.map(buggy)!.set('notes', 'Plain'),
			'peer'
		);
		const csv = ['Email,Notes', 'g@example.com,Imported note', 'a@example.com,More'].join('\n');
		const parsed = parseCsv(csv) as ParsedCsv;
		const defs = ws.customFields.list;
		const mapping = suggestMapping(parsed.headers, defs, person);
		const rows = parsed.rows.map(rowConverter(mapping, defs, { type: person }));
		const plan = planImport(rows, buildPlanIndex(ws, 'person'), 'update');
		const result = await runImport(ws, plan, { fileName: 'n.csv', pause });
		expect(result.updated).toBe(2);
		expect(ws.people.notes(plain).current).toBe('Imported note');
		expect(ws.people.notes(buggy).current).toBe('Plain\nMore');
		const other = copyOf(ws);
		expect(other.people.notes(plain).current).toBe('Imported note');
		await revertImport(other, result.importId, { pause });
		expect(other.people.notes(plain).current).toBe('');
		expect(other.people.notes(buggy).current).toBe('Plain');
	});

	it('stops after the current chunk when cancelled, and the written part can be reverted', async () => {
		const ws = workspace();
		const lines = ['First Name,Email'];
		for (let i = 0; i < 10; i++) lines.push(`P${i},p${i}@example.com`);
		const plan = planImport(rowsOf(lines.join('\n')), buildPlanIndex(ws, 'person'), 'skip');
		let chunks = 0;
		const result = await runImport(ws, plan, {
			fileName: 'big.csv',
			chunkSize: 3,
			pause,
			onProgress: () => chunks++,
			cancelled: () => chunks >= 2
		});
		expect(result).toMatchObject({ created: 6, cancelled: true });
		expect(ws.people.rows).toHaveLength(6);
		expect(listBatches(ws.docs.core)[0]).toMatchObject({
			status: 'cancelled',
			created: 6,
			total: 10
		});
		await revertImport(ws, result.importId, { pause });
		expect(ws.people.rows).toHaveLength(0);
	});

	it('imports organizations and finds duplicates by name', async () => {
		const ws = workspace();
		ws.organizations.create({ name: 'Acme GmbH' });
		const rows = rowsOf(
			'Company,Website\nacme  gmbh,acme.example\nBeta Ltd,beta.example',
			organization
		);
		const plan = planImport(rows, buildPlanIndex(ws, 'organization'), 'skip');
		expect(plan.duplicates).toMatchObject([{ row: 0, reason: 'same name', name: 'Acme GmbH' }]);
		await runImport(ws, plan, { fileName: 'orgs.csv', pause });
		expect(ws.organizations.rows.map((o) => o.name).sort()).toEqual(['Acme GmbH', 'Beta Ltd']);
		expect(ws.organizations.rows.find((o) => o.name === 'Beta Ltd')!.website).toBe('beta.example');
	});
});

describe('kinds of imported records (issue #18)', () => {
	it('people and organizations a file does not qualify are "other", not leads or clients', async () => {
		const ws = workspace();
		await importCsv(ws, PEOPLE);
		expect(new Set(ws.people.rows.map((r) => r.kind))).toEqual(new Set(['other']));
		expect(ws.organizations.rows.map((r) => r.kind)).toEqual(['other', 'other']);
		// A kind the file gives is kept.
		await importCsv(
			ws,
			['First Name,E-mail Address,Relationship', 'Kim,kim@example.com,lead'].join('\n')
		);
		expect(ws.people.rows.find((r) => r.firstName === 'Kim')?.kind).toBe('lead');
	});

	it('a new organization made by hand is "other" until someone says it is a client', () => {
		const ws = workspace();
		const id = ws.organizations.create({ name: 'Initech' });
		expect(ws.organizations.get(id)?.record.kind).toBe('other');
	});
});

describe('nextChunkSize', () => {
	it('halves after a slow chunk, doubles after a quick one, within bounds', () => {
		expect(nextChunkSize(1000, 400)).toBe(500);
		expect(nextChunkSize(300, 400)).toBe(250);
		expect(nextChunkSize(1000, 10)).toBe(2000);
		expect(nextChunkSize(4000, 10)).toBe(4000);
		expect(nextChunkSize(1000, 120)).toBe(1000);
	});
});
