import { describe, expect, it } from 'vitest';
import { listBatches } from '$lib/data/import-batch';
import { Workspace } from '$lib/data/workspace.svelte';
import { InlineAnalyser } from '$lib/workers/import-analyser';
import { ImportFlow } from './import-flow.svelte';

const pause = () => Promise.resolve();

function setup() {
	const ws = new Workspace('ws', 'me');
	ws.start();
	const flow = new ImportFlow(ws, new InlineAnalyser(), { pause, chunkSize: 2 });
	return { ws, flow };
}

const file = (text: string | Uint8Array<ArrayBuffer>, name = 'people.csv') =>
	new File([text], name);

/** Nothing reached the document: no records and no import batch. */
function expectNothingStored(ws: Workspace) {
	expect(ws.people.rows).toEqual([]);
	expect(ws.organizations.rows).toEqual([]);
	expect(listBatches(ws.docs.core)).toEqual([]);
}

const CSV = [
	'Vorname;Nachname;E-Mail;Firma',
	'Ada;Lovelace;ada@example.com;Analytical Engines',
	'Grace;Hopper;grace@example.com;Navy',
	'Alan;Turing;not-an-email;Analytical Engines'
].join('\r\n');

describe('ImportFlow', () => {
	it('reads, maps and previews a file, and stores nothing until the import is started', async () => {
		const { ws, flow } = setup();
		await flow.chooseFile(file(CSV));
		expect(flow.error).toBeNull();
		expect(flow.step).toBe('review');
		expect(flow.summary).toMatchObject({
			kind: 'csv',
			encoding: 'utf-8',
			delimiter: ';',
			rowCount: 3
		});
		expect(flow.mapping.map((m) => m.target.type)).toEqual(['field', 'field', 'email', 'field']);
		expect(flow.previewRows[0].result.fields).toMatchObject({
			firstName: 'Ada',
			organizationName: 'Analytical Engines'
		});
		expect(flow.problems).toEqual([
			{ row: 2, label: 'Row 4', message: expect.stringContaining('not-an-email') }
		]);
		expect(flow.plan).toMatchObject({ creates: 3, newOrganizations: 2 });
		expectNothingStored(ws);

		await flow.startImport();
		expect(flow.step).toBe('done');
		expect(flow.result).toMatchObject({ created: 3, createdOrganizations: 2, cancelled: false });
		expect(ws.people.rows).toHaveLength(3);

		await flow.revert();
		expect(flow.reverted).toEqual({ ok: true, removed: 5, restored: 0 });
		expect(ws.people.rows).toEqual([]);
		expect(ws.organizations.rows).toEqual([]);
	});

	it('re-checks the rows when a column is mapped differently or the entity changes', async () => {
		const { flow } = setup();
		await flow.chooseFile(file(CSV));
		flow.setTarget(3, 'ignore');
		await flow.check();
		expect(flow.previewRows[0].result.fields.organizationName).toBeUndefined();
		expect(flow.plan?.newOrganizations).toBe(0);

		flow.setEntity('organization');
		await flow.check();
		expect(flow.mapping.find((m) => m.header === 'Firma')?.target).toEqual({
			type: 'field',
			field: 'name'
		});
		expect(flow.previewRows.map((r) => r.result.fields.name)).toEqual([
			'Analytical Engines',
			'Navy',
			'Analytical Engines'
		]);
		expect(flow.plan?.duplicates).toMatchObject([{ row: 2, reason: 'same name', inFile: true }]);
	});

	it('lists duplicates of existing records and follows the chosen handling', async () => {
		const { ws, flow } = setup();
		const ada = ws.people.create({
			firstName: 'Ada',
			emails: [{ label: 'work', value: 'ada@example.com' }]
		});
		await flow.chooseFile(file(CSV));
		expect(flow.plan?.duplicates).toMatchObject([{ row: 0, id: ada, reason: 'same e-mail' }]);
		expect(flow.plan).toMatchObject({ creates: 2, updates: 0, skipped: 1 });
		flow.setMode('update');
		expect(flow.plan).toMatchObject({ creates: 2, updates: 1, skipped: 0 });
		flow.setMode('create');
		expect(flow.plan).toMatchObject({ creates: 3, updates: 0 });
		flow.setMode('update');
		await flow.startImport();
		expect(ws.people.get(ada)!.record.lastName).toBe('Lovelace');
		expect(ws.people.rows).toHaveLength(3);
	});

	it('imports a vCard file through the same steps', async () => {
		const { ws, flow } = setup();
		const vcf = [
			'BEGIN:VCARD',
			'VERSION:3.0',
			'N:Lovelace;Ada;;;',
			'FN:Ada Lovelace',
			'EMAIL;TYPE=WORK:ada@example.com',
			'ORG:Analytical Engines',
			'END:VCARD',
			''
		].join('\r\n');
		await flow.chooseFile(file(vcf, 'contacts.vcf'));
		expect(flow.summary).toMatchObject({ kind: 'vcard', rowCount: 1 });
		expect(flow.previewRows[0].label).toBe('Card 1');
		await flow.startImport();
		expect(ws.people.rows.map((r) => [r.name, r.organizationName])).toEqual([
			['Ada Lovelace', 'Analytical Engines']
		]);
	});

	it('stops after the current chunk on cancel and keeps what was written revertible', async () => {
		const { ws, flow } = setup();
		const lines = ['Name,Email'];
		for (let i = 0; i < 9; i++) lines.push(`P ${i},p${i}@example.com`);
		await flow.chooseFile(file(lines.join('\n')));
		const running = flow.startImport();
		flow.cancel();
		await running;
		expect(flow.result).toMatchObject({ created: 2, cancelled: true });
		expect(listBatches(ws.docs.core)[0]).toMatchObject({
			status: 'cancelled',
			created: 2,
			total: 9
		});
		await flow.revert();
		expect(ws.people.rows).toEqual([]);
	});

	it('does not import in a read-only workspace', async () => {
		const ws = new Workspace('ws', 'me');
		ws.start();
		const flow = new ImportFlow(ws, new InlineAnalyser(), { readOnly: () => true, pause });
		await flow.chooseFile(file(CSV));
		expect(flow.canImport).toBe(false);
		await flow.startImport();
		expectNothingStored(ws);
	});

	describe('bad input: a clear message, nothing stored', () => {
		const cases: [string, () => File, RegExp][] = [
			['an empty file', () => file(''), /The file is empty/],
			['only blank lines', () => file('\r\n\r\n'), /The file is empty/],
			['a header and no rows', () => file('First Name,Email\r\n'), /header row but no data rows/],
			[
				'an unbalanced quote',
				() => file('Name,Email\nAda,ada@example.com\n"Grace,grace@example.com\nAlan,a@b.c\n'),
				/Line 3: a quoted value is never closed/
			],
			[
				'a binary file renamed .csv',
				() => file(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3, 0, 0, 0])),
				/not text/
			],
			[
				'an Excel workbook renamed .csv',
				() => file(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4])),
				/Excel workbook/
			],
			['a vCard file without cards', () => file('hello', 'x.vcf'), /no vCards/],
			[
				'a backup file',
				() => file('{"format":"local-first-crm-backup"}', 'b.json'),
				/Restore backup/
			]
		];
		for (const [what, make, expected] of cases) {
			it(what, async () => {
				const { ws, flow } = setup();
				await flow.chooseFile(make());
				expect(flow.error).toMatch(expected);
				expect(flow.step).toBe('choose');
				expect(flow.canImport).toBe(false);
				await flow.startImport();
				expectNothingStored(ws);
			});
		}

		it('a 200 MB file, refused by its size before it is read', async () => {
			const { ws, flow } = setup();
			let read = false;
			const huge = {
				name: 'huge.csv',
				size: 201 * 1024 * 1024,
				arrayBuffer: () => {
					read = true;
					return Promise.resolve(new ArrayBuffer(0));
				}
			} as unknown as File;
			await flow.chooseFile(huge);
			expect(flow.error).toBe(
				'The file is 201 MB; files up to 200 MB can be imported. Split it into smaller files.'
			);
			expect(read).toBe(false);
			expectNothingStored(ws);
		});

		it('ragged rows: listed with their rows, and nothing stored before the import', async () => {
			const { ws, flow } = setup();
			await flow.chooseFile(
				file('Name,Email,Phone\nAda Lovelace,ada@example.com\nGrace,g@x.org,030 1234567,2\n')
			);
			expect(flow.step).toBe('review');
			expect(flow.problems.map((p) => `${p.label}: ${p.message}`)).toEqual([
				'Row 2: Line 2 has 2 values; the header has 3. The missing ones were left empty.',
				'Row 3: Line 3 has 4 values; the header has 3. The extra ones are not imported.'
			]);
			expectNothingStored(ws);
		});
	});
});

describe('ImportFlow against a changing workspace', () => {
	it('plans again at import time when a record arrived after the preview', async () => {
		const { ws, flow } = setup();
		await flow.chooseFile(file('Name,Email\nAda Lovelace,ada@example.com\nGrace Hopper,g@x.org\n'));
		expect(flow.plan?.duplicates).toEqual([]);
		// a teammate adds Ada meanwhile
		ws.people.create({ firstName: 'Ada', emails: [{ label: 'work', value: 'ada@example.com' }] });
		await flow.startImport();
		expect(flow.result).toMatchObject({ created: 1 });
		expect(ws.people.rows).toHaveLength(2);
	});
});
