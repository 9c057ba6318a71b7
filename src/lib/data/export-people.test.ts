import { describe, expect, it } from 'vitest';
import { parseCsv, type ParsedCsv } from '$lib/domain/import/csv';
import { suggestMapping } from '$lib/domain/import/mapping';
import { rowConverter } from '$lib/domain/import/rows';
import { person } from '$lib/domain/record-types';
import { parseVCards } from '$lib/domain/import/vcard';
import { EXPORT_WHILE_LOADING, exportPeopleCsv, exportPeopleVCard } from './export-people';
import { syncInto } from './docs-testing';
import { Workspace } from './workspace.svelte';

function sample() {
	const ws = new Workspace('ws', 'me');
	ws.start();
	const level = ws.customFields.define({
		entity: 'person',
		label: 'Level',
		type: 'choice',
		options: ['Gold', 'Silver']
	});
	const org = ws.organizations.create({ name: 'Analytical Engines' });
	const ada = ws.people.create({
		firstName: 'Ada',
		lastName: 'Lovelace',
		title: 'Countess',
		organizationId: org,
		kind: 'client',
		emails: [
			{ label: 'work', value: 'ada@example.com' },
			{ label: 'home', value: 'ada@home.example' }
		],
		phones: [{ label: 'mobile', value: '020 7946 0000' }],
		addresses: [
			{
				label: 'work',
				street: '12 St James Sq',
				city: 'London',
				region: '',
				postcode: 'SW1Y 4JH',
				country: 'UK'
			}
		],
		tags: ['vip', 'math'],
		consent: 'granted',
		potentialValue: 25_000.5
	});
	ws.people.setCustom(ada, level, 'Gold');
	ws.people.notes(ada).set('Met at the fair');
	const mallory = ws.people.create({ firstName: '=HYPERLINK("x")', lastName: 'Mallory' });
	return { ws, ada, mallory, level };
}

describe('exportPeopleCsv', () => {
	it('writes the given rows with every contact detail, and imports back as it was', () => {
		const { ws, ada, level } = sample();
		const file = exportPeopleCsv(ws, [{ id: ada }], new Date(2025, 4, 6));
		expect(file.fileName).toBe('crm-people-2025-05-06.csv');
		expect(file.text.startsWith('\ufeff')).toBe(true);

		const parsed = parseCsv(file.text) as ParsedCsv;
		expect(parsed.rows).toHaveLength(1);
		const defs = ws.customFields.list;
		const mapping = suggestMapping(parsed.headers, defs, person);
		const { fields, problems } = rowConverter(mapping, defs, { type: person })(parsed.rows[0]);
		expect(problems).toEqual([]);
		const original = ws.people.get(ada)!.record;
		expect(fields).toMatchObject({
			firstName: 'Ada',
			lastName: 'Lovelace',
			title: 'Countess',
			organizationName: 'Analytical Engines',
			kind: 'client',
			emails: original.emails,
			phones: original.phones,
			addresses: original.addresses,
			tags: ['vip', 'math'],
			consent: 'granted',
			potentialValue: 25_000.5,
			custom: { [level]: 'Gold' },
			notes: 'Met at the fair'
		});
	});

	it('neutralises formulas so a spreadsheet does not run them', () => {
		const { ws, mallory } = sample();
		const text = exportPeopleCsv(ws, [{ id: mallory }]).text;
		expect(text).toContain(`"'=HYPERLINK(""x"")"`);
	});

	it('for another contacts app writes phone numbers and every value as stored (issue #18)', () => {
		const { ws, ada, mallory } = sample();
		ws.people.update(ada, { phones: [{ label: 'mobile', value: '+44 20 7946 0000' }] });
		const forSheets = exportPeopleCsv(ws, [{ id: ada }], new Date(2025, 4, 6));
		expect(forSheets.text).toContain(",'+44 20 7946 0000,");
		const file = exportPeopleCsv(
			ws,
			[{ id: ada }, { id: mallory }],
			new Date(2025, 4, 6),
			'contacts'
		);
		expect(file.fileName).toBe('crm-people-2025-05-06-for-contacts.csv');
		const parsed = parseCsv(file.text) as ParsedCsv;
		const phone = parsed.headers.findIndex((h) => /phone/i.test(h) && !/label|type/i.test(h));
		expect(parsed.rows[0][phone]).toBe('+44 20 7946 0000');
		expect(parsed.rows[1][parsed.headers.indexOf('First Name')]).toBe('=HYPERLINK("x")');
		expect(file.text).not.toContain("'+44");
	});
});

describe('exportPeopleVCard', () => {
	it('writes vCard 4.0 that the importer reads back', () => {
		const { ws, ada, mallory } = sample();
		const file = exportPeopleVCard(ws, [{ id: ada }, { id: mallory }], new Date(2025, 4, 6));
		expect(file.fileName).toBe('crm-people-2025-05-06.vcf');
		expect(file.text).toContain('VERSION:4.0');
		const back = parseVCards(file.text);
		if ('error' in back) throw new Error(back.error);
		expect(back.people).toHaveLength(2);
		expect(back.people[0]).toMatchObject({
			firstName: 'Ada',
			lastName: 'Lovelace',
			organizationName: 'Analytical Engines',
			notes: 'Met at the fair'
		});
		expect(back.people[0].emails?.map((e) => e.value)).toEqual([
			'ada@example.com',
			'ada@home.example'
		]);
	});
});

describe('an export before the workspace has loaded', () => {
	it('is refused, not a file missing the people whose records are still being read', () => {
		const { ws: before } = sample();
		// A warm open: every row shows from the row cache while the documents are still read.
		const opening = new Workspace('ws', 'me');
		opening.peopleLive.showCached(before.peopleLive.rows);
		const shown = opening.people.rows;
		expect(shown).toHaveLength(2);
		expect(() => exportPeopleCsv(opening, shown)).toThrow(EXPORT_WHILE_LOADING);
		expect(() => exportPeopleVCard(opening, shown)).toThrow(EXPORT_WHILE_LOADING);
		// The documents read and the rows live: the same rows export whole.
		syncInto(opening.docs, before.docs);
		opening.start();
		const back = parseCsv(exportPeopleCsv(opening, shown).text) as ParsedCsv;
		expect(back.rows).toHaveLength(2);
	});
});
