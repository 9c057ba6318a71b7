/**
 * A record type becomes importable by declaring an `import` section, with no edit to the
 * import itself: a throwaway "deal" type, declared only here, is mapped, offered and built
 * like people and organizations.
 */
import { describe, expect, it } from 'vitest';
import { declareRecordType, organization, person, RECORD_TYPES } from '../record-types';
import type { CustomFieldDef } from '../records';
import { BUILTIN_FIELDS } from '../segments/definition';
import { suggestMapping } from './mapping';
import { analyseColumns, rowConverter } from './rows';
import { describeTarget, importableTypes, targetChoices, targetKey } from './targets';
import { parseNumber } from './values';

interface DealFields {
	title: string;
	amount: number | null;
	stage: string;
	notes: string;
	custom: Record<string, never>;
}

const deal = declareRecordType<
	DealFields,
	{ id: string; name: string; updatedAt: number; hasIssues: boolean; search: string }
>({
	name: 'deal',
	collection: 'deals',
	nouns: ['deal', 'deals'],
	labels: { title: 'Title', amount: 'Amount', stage: 'Stage', notes: 'Notes', custom: 'Custom' },
	empty: () => ({ title: '', amount: null, stage: '', notes: '', custom: {} }),
	validate: (raw) => ({ value: raw as DealFields, issues: [] }),
	textFields: ['notes'],
	displayName: (d) => d.title,
	row: (id, d, updatedAt, hasIssues) => ({ id, name: d.title, updatedAt, hasIssues, search: '' }),
	segmentFields: { name: BUILTIN_FIELDS.name },
	relations: [],
	merge: (keep) => ({ merged: keep, conflicts: [] }) as never,
	duplicates: { from: 'rows', find: () => [] },
	import: {
		order: 2,
		fields: [
			{ key: 'title', label: 'Deal', words: ['deal', 'dealname', 'opportunity'] },
			{ key: 'amount', label: 'Amount', words: ['amount', 'dealvalue'] },
			{ key: 'stage', label: 'Stage', words: ['stage', 'pipelinestage'] },
			{ key: 'notes', label: 'Notes', words: ['notes'] }
		],
		contacts: false,
		build(v, take) {
			const f: Record<string, unknown> = {};
			if (v.title) f.title = v.title;
			if (typeof v.amount === 'string') {
				const n = parseNumber(v.amount);
				if (
					take(n === null ? { error: `“${v.amount}” is not an amount; left out.` } : { value: n })
				)
					f.amount = n;
			}
			if (v.stage) f.stage = v.stage;
			return f;
		},
		identifies: (f) => !!f.title,
		unidentified: 'The row has no deal name; it is not imported.',
		preview: {
			name: (f) => String(f.title ?? ''),
			column: { label: 'Amount', value: (f) => String(f.amount ?? '') },
			details: (f) => [['Stage', f.stage]]
		}
	}
});

const types = [...RECORD_TYPES, deal];
const headers = ['Deal Name', 'Amount', 'Stage', 'E-mail', 'Birthday', 'Company', 'Probability'];

describe('a type declared with an import section', () => {
	it('is offered by the import, in its declared order; a type without one is not', () => {
		expect(importableTypes(types).map((t) => t.name)).toEqual(['person', 'organization', 'deal']);
		const { import: _none, ...withoutImport } = deal;
		expect(importableTypes([person, withoutImport]).map((t) => t.name)).toEqual(['person']);
	});

	it('maps columns by its own header words, ignoring contacts it does not have', () => {
		const others = importableTypes(types);
		const mapping = suggestMapping(headers, [], deal, others);
		expect(mapping.map((m) => targetKey(m.target))).toEqual([
			'title',
			'amount',
			'stage',
			'ignore', // a deal has no e-mails
			'noteLine', // a column every type keeps in the notes
			'ignore', // "Company" is another type's
			'ignore'
		]);
		// The other types leave the deal's columns alone.
		const forPeople = suggestMapping(headers, [], person, others);
		expect(forPeople.map((m) => targetKey(m.target))).toEqual([
			'ignore', // "Deal Name", "Amount", "Stage": the deal's words
			'ignore',
			'ignore',
			'emails[0]',
			'noteLine',
			'organization',
			'ignore'
		]);
	});

	it('offers its fields, custom fields and the notes line, and no contact slots', () => {
		const defs: CustomFieldDef[] = [
			{
				id: 'p',
				entity: deal.name as CustomFieldDef['entity'],
				label: 'Probability',
				type: 'number',
				options: [],
				order: 0
			},
			{ id: 'x', entity: 'person', label: 'X', type: 'text', options: [], order: 1 }
		];
		const choices = targetChoices(deal, defs);
		expect(choices.map(targetKey)).toEqual([
			'ignore',
			'title',
			'amount',
			'stage',
			'notes',
			'custom:p',
			'noteLine'
		]);
		expect(describeTarget(choices[1], defs, deal)).toBe('Deal');
		expect(suggestMapping(headers, defs, deal).at(-1)?.target).toEqual({
			type: 'custom',
			defId: 'p'
		});
	});

	it('builds rows into its fields, with its reasons for leaving values out', () => {
		const rows = [
			['Rail upgrade', '12,500', 'Proposal', 'x@example.com', '1 May', 'Acme', ''],
			['', 'lots', 'Lead', '', '', '', '']
		];
		const mapping = suggestMapping(headers, [], deal, importableTypes(types));
		const { options } = analyseColumns(rows, mapping, [], deal);
		const [first, second] = rows.map(rowConverter(mapping, [], options));
		expect(first).toEqual({
			fields: { title: 'Rail upgrade', amount: 12500, stage: 'Proposal', notes: 'Birthday: 1 May' },
			problems: [],
			empty: false
		});
		expect(second.empty).toBe(true);
		expect(second.problems).toEqual([
			'“lots” is not an amount; left out.',
			'The row has no deal name; it is not imported.'
		]);
	});

	it('leaves people and organizations as they were', () => {
		const mapping = suggestMapping(
			['Company', 'Website'],
			[],
			organization,
			importableTypes(types)
		);
		expect(mapping.map((m) => targetKey(m.target))).toEqual(['name', 'website']);
	});
});
