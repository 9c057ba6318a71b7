import { describe, expect, it } from 'vitest';
import { arrange, moved, toggled, visibleColumns, type ColumnPrefs } from './column-prefs';
import type { Column } from './columns';

const col = (key: string, hidden?: true): Column<object> => ({
	key,
	label: key,
	width: 100,
	text: () => '',
	...(hidden ? { hidden } : {})
});
const COLUMNS = [col('name'), col('lastName', true), col('kind'), col('ownerId'), col('email')];
const keys = (cs: readonly Column<object>[]) => cs.map((c) => c.key);

describe('column preferences', () => {
	it('default: the name, then every column not hidden by default, in declared order', () => {
		expect(keys(visibleColumns(COLUMNS, null))).toEqual(['name', 'kind', 'ownerId', 'email']);
	});

	it('show, hide and move columns; the name stays first', () => {
		let prefs: ColumnPrefs = toggled(COLUMNS, null, 'lastName', true);
		expect(keys(visibleColumns(COLUMNS, prefs))).toEqual([
			'name',
			'lastName',
			'kind',
			'ownerId',
			'email'
		]);
		prefs = toggled(COLUMNS, prefs, 'kind', false);
		prefs = moved(COLUMNS, prefs, 'email', -1);
		prefs = moved(COLUMNS, prefs, 'email', -1);
		expect(keys(visibleColumns(COLUMNS, prefs))).toEqual(['name', 'lastName', 'email', 'ownerId']);
		// Moving past either end changes nothing.
		expect(moved(COLUMNS, prefs, 'lastName', -1)).toEqual(prefs);
		expect(arrange(COLUMNS, prefs).map((c) => [c.column.key, c.shown])).toEqual([
			['lastName', true],
			['email', true],
			['kind', false],
			['ownerId', true]
		]);
	});

	it('a column added later shows at the end; a key gone is forgotten', () => {
		const prefs: ColumnPrefs = {
			order: ['email', 'gone', 'kind'],
			hidden: ['ownerId', 'lastName']
		};
		const withNew = [...COLUMNS, col('custom:c1')];
		expect(keys(visibleColumns(withNew, prefs))).toEqual(['name', 'email', 'kind', 'custom:c1']);
	});
});
