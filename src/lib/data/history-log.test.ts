/**
 * What the history log keeps beyond field edits by hand: a record's creation (also when an
 * import made it), notes typed (one entry per burst, not per keystroke), what an import changed
 * on existing records and what its revert undid, and a duplicate merged in.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCsv, type ParsedCsv } from '$lib/domain/import/csv';
import { suggestMapping } from '$lib/domain/import/mapping';
import { rowConverter } from '$lib/domain/import/rows';
import { person } from '$lib/domain/record-types';
import { NOTES_QUIET_MS } from './history-log';
import { buildPlanIndex } from './import-names';
import { planImport } from './import-plan';
import { revertImport } from './import-revert';
import { runImport } from './import-run';
import { Workspace } from './workspace.svelte';

const flush = () => new Promise<void>((resolve) => queueMicrotask(resolve));
const pause = async () => {};

function csvRows(csv: string) {
	const parsed = parseCsv(csv) as ParsedCsv;
	const convert = rowConverter(suggestMapping(parsed.headers, [], person), [], { type: person });
	return parsed.rows.map(convert);
}

async function importCsv(ws: Workspace, csv: string, mode: 'skip' | 'update' | 'create') {
	const plan = planImport(csvRows(csv), buildPlanIndex(ws, 'person'), mode);
	return runImport(ws, plan, { fileName: 'contacts.csv', chunkSize: 10, pause });
}

describe('history log', () => {
	let ws: Workspace;
	beforeEach(() => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
		vi.setSystemTime(Date.UTC(2026, 11, 2, 9));
		ws = new Workspace('ws', 'ana');
		ws.start();
	});
	afterEach(() => {
		ws.destroy();
		vi.useRealTimers();
	});

	it('has the creation of a record made by hand', async () => {
		const id = ws.people.create({ firstName: 'Ada' });
		await flush();
		expect(ws.people.history(id).map((c) => [c.field, c.by])).toEqual([['created', 'ana']]);
	});

	it('logs notes once typing pauses: one entry with the text before and after', async () => {
		const id = ws.people.create({ firstName: 'Ada', notes: 'Met at the fair.' });
		await flush();
		const notes = ws.people.notes(id);
		for (const text of [
			'Met at the fair. L',
			'Met at the fair. Lik',
			'Met at the fair. Likes tea.'
		])
			notes.set(text);
		await flush();
		expect(ws.people.history(id).filter((c) => c.field === 'notes')).toEqual([]);
		vi.advanceTimersByTime(NOTES_QUIET_MS);
		await flush();
		const logged = ws.people.history(id).filter((c) => c.field === 'notes');
		expect(logged).toHaveLength(1);
		expect(logged[0]).toMatchObject({
			from: 'Met at the fair.',
			to: 'Met at the fair. Likes tea.',
			by: 'ana'
		});
		// a deletion is seen too: the text before still holds what was deleted
		notes.set('Likes tea.');
		vi.advanceTimersByTime(NOTES_QUIET_MS);
		await flush();
		const latest = ws.people.history(id).find((c) => c.field === 'notes')!;
		expect(latest).toMatchObject({ from: 'Met at the fair. Likes tea.', to: 'Likes tea.' });
	});

	it('writes notes still being typed when the workspace closes', async () => {
		const id = ws.people.create({ firstName: 'Ada' });
		ws.people.notes(id).set('Call back');
		const entries = () => ws.layout.history.toArray().filter((e) => e.f === 'notes');
		expect(entries()).toHaveLength(0);
		ws.history.destroy();
		expect(entries()).toHaveLength(1);
	});

	it('shows what an import created and changed, and what its revert undid', async () => {
		const existing = ws.people.create({
			firstName: 'Piotr',
			lastName: 'Kowalski',
			emails: [{ label: 'work', value: 'piotr@example.com' }]
		});
		await flush();
		const csv = [
			'First Name,Last Name,E-mail Address,Job Title',
			'Piotr,Kowalski,piotr@example.com,Buyer',
			'Ewa,Nowak,ewa@example.com,Chef'
		].join('\n');
		const result = await importCsv(ws, csv, 'update');
		await flush();
		expect(ws.people.get(existing)!.record.title).toBe('Buyer');
		const changed = ws.people.history(existing).find((c) => c.field === 'title');
		expect(changed).toMatchObject({ from: '', to: 'Buyer', via: 'import', by: 'ana' });

		const created = ws.people.rows.find((r) => r.name === 'Ewa Nowak')!.id;
		expect(ws.people.history(created)).toMatchObject([
			{ field: 'created', by: 'ana', via: 'import' }
		]);
		// the import wrote no entry per record it created
		expect(ws.layout.history.toArray().filter((e) => e.r === created)).toEqual([]);

		vi.setSystemTime(Date.now() + 600_000);
		expect((await revertImport(ws, result.importId, { pause })).ok).toBe(true);
		await flush();
		expect(ws.people.get(existing)!.record.title).toBe('');
		expect(ws.people.history(existing)[0]).toMatchObject({
			field: 'title',
			from: 'Buyer',
			to: '',
			via: 'import'
		});
		expect(ws.people.history(created)[0]).toMatchObject({ field: 'deleted', to: true });
	});

	it('says on the kept record that a duplicate was merged in, with field labels in its notes', async () => {
		const keep = ws.people.create({ firstName: 'Jan', lastName: 'Kowalski' });
		const other = ws.people.create({ firstName: 'Jan', lastName: 'Kovalsky' });
		await flush();
		ws.merge(person, keep, other);
		await flush();
		expect(ws.people.history(keep).find((c) => c.field === 'merged')).toMatchObject({
			field: 'merged',
			from: other,
			to: 'Jan Kovalsky'
		});
		expect(ws.people.notes(keep).current).toContain('Last name: Kovalsky');
		expect(ws.people.notes(keep).current).not.toContain('lastName:');
	});
});
