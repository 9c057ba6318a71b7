import { describe, expect, it } from 'vitest';
import { RowSelection } from './selection.svelte';

const rows = (...ids: string[]) => ids.map((id) => ({ id }));

describe('RowSelection', () => {
	it('toggles one id and replaces the set on each change', () => {
		const s = new RowSelection();
		const before = s.ids;
		s.toggle('a');
		expect(s.has('a')).toBe(true);
		expect(s.ids).not.toBe(before);
		s.toggle('a');
		expect(s.size).toBe(0);
	});

	it('selects every shown row, keeps hidden ones, and unselects when all are ticked', () => {
		const s = new RowSelection();
		s.toggle('hidden');
		s.toggleAll(rows('a', 'b'));
		expect([...s.ids].sort()).toEqual(['a', 'b', 'hidden']);
		s.toggleAll(rows('a', 'b'));
		expect([...s.ids]).toEqual(['hidden']);
		s.toggleAll([]);
		expect([...s.ids]).toEqual(['hidden']);
		s.clear();
		expect(s.size).toBe(0);
	});
});
