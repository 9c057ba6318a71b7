/**
 * Renaming a choice option: records keep the label they stored and read it through the rename,
 * so the rename reaches every record at once, converges when two people rename or use options
 * at the same time, and a value written offline with the old label shows the new one once synced.
 */
import { describe, expect, it } from 'vitest';
import { person } from '$lib/domain/record-types';
import { syncBoth } from './docs-testing';
import { Workspace } from './workspace.svelte';

function workspace(me: string) {
	const ws = new Workspace('ws', me);
	ws.start();
	return ws;
}

function dietField(ws: Workspace, type: 'choice' | 'multi-choice' = 'choice') {
	return ws.customFields.define({
		entity: 'person',
		label: 'Diet',
		type,
		options: ['Vegan', 'Vegetarian', 'Keto']
	});
}

const shown = (ws: Workspace, id: string, field: string) => {
	const got = ws.people.get(id)!;
	return { value: got.record.custom[field], issues: got.issues };
};

describe('renaming a choice option', () => {
	it('shows the new name on every record holding the old one, with no issue', () => {
		const ws = workspace('a');
		const diet = dietField(ws);
		const ada = ws.people.create({ firstName: 'Ada' });
		ws.people.setCustom(ada, diet, 'Vegan');
		ws.customFields.editOptions(
			diet,
			['Plant-based', 'Vegetarian', 'Keto'],
			[{ from: 'Vegan', to: 'Plant-based' }]
		);
		expect(ws.customFields.list[0].options).toEqual(['Plant-based', 'Vegetarian', 'Keto']);
		expect(shown(ws, ada, diet)).toEqual({ value: 'Plant-based', issues: [] });
		expect(ws.live(person).rows.find((r) => r.id === ada)!.custom[diet]).toBe('Plant-based');
		// Chosen by its old name (an import, a form): the option as it is called now.
		const ben = ws.people.create({ firstName: 'Ben' });
		ws.people.setCustom(ben, diet, 'vegan');
		expect(shown(ws, ben, diet).value).toBe('Plant-based');
	});

	it('follows renames in a chain, and back to the first name', () => {
		const ws = workspace('a');
		const diet = dietField(ws, 'multi-choice');
		const ada = ws.people.create({ firstName: 'Ada' });
		ws.people.setCustom(ada, diet, ['Vegan', 'Keto']);
		ws.customFields.editOptions(
			diet,
			['Plant-based', 'Vegetarian', 'Keto'],
			[{ from: 'Vegan', to: 'Plant-based' }]
		);
		ws.customFields.editOptions(
			diet,
			['Plants only', 'Vegetarian', 'Keto'],
			[{ from: 'Plant-based', to: 'Plants only' }]
		);
		expect(shown(ws, ada, diet)).toEqual({ value: ['Plants only', 'Keto'], issues: [] });
		ws.customFields.editOptions(
			diet,
			['Vegan', 'Vegetarian', 'Keto'],
			[{ from: 'Plants only', to: 'Vegan' }]
		);
		expect(shown(ws, ada, diet)).toEqual({ value: ['Vegan', 'Keto'], issues: [] });
		expect(ws.customFields.list[0].options).toEqual(['Vegan', 'Vegetarian', 'Keto']);
	});

	it('reaches a value an offline device set with the old name, once it syncs', () => {
		const a = workspace('a');
		const b = workspace('b');
		const diet = dietField(a);
		const ada = a.people.create({ firstName: 'Ada' });
		syncBoth(a.docs, b.docs);
		// b is offline: sets Ada to Vegan while a renames Vegan
		b.people.setCustom(ada, diet, 'Vegan');
		a.customFields.editOptions(
			diet,
			['Plant-based', 'Vegetarian', 'Keto'],
			[{ from: 'Vegan', to: 'Plant-based' }]
		);
		expect(shown(b, ada, diet).value).toBe('Vegan');
		syncBoth(a.docs, b.docs);
		for (const ws of [a, b]) {
			expect(shown(ws, ada, diet)).toEqual({ value: 'Plant-based', issues: [] });
			expect(ws.customFields.list[0].options).toEqual(['Plant-based', 'Vegetarian', 'Keto']);
		}
	});

	it('converges when two people rename different options, or add one, at once', () => {
		const a = workspace('a');
		const b = workspace('b');
		const diet = dietField(a);
		const ada = a.people.create({ firstName: 'Ada' });
		const ben = a.people.create({ firstName: 'Ben' });
		a.people.setCustom(ada, diet, 'Vegan');
		a.people.setCustom(ben, diet, 'Keto');
		syncBoth(a.docs, b.docs);
		a.customFields.editOptions(
			diet,
			['Plant-based', 'Vegetarian', 'Keto'],
			[{ from: 'Vegan', to: 'Plant-based' }]
		);
		b.customFields.editOptions(
			diet,
			['Vegan', 'Vegetarian', 'Low carb', 'Paleo'],
			[{ from: 'Keto', to: 'Low carb' }]
		);
		syncBoth(a.docs, b.docs);
		for (const ws of [a, b]) {
			// Whichever option list won, both renames hold on the records.
			expect(shown(ws, ada, diet)).toEqual({ value: 'Plant-based', issues: [] });
			expect(shown(ws, ben, diet)).toEqual({ value: 'Low carb', issues: [] });
		}
		expect(a.customFields.list).toEqual(b.customFields.list);
		expect(a.customFields.list[0].options).toContain('Plant-based');
		expect(a.customFields.list[0].options).not.toContain('Vegan');
	});

	it('converges when two people rename the same option at once', () => {
		const a = workspace('a');
		const b = workspace('b');
		const diet = dietField(a);
		const ada = a.people.create({ firstName: 'Ada' });
		a.people.setCustom(ada, diet, 'Vegan');
		syncBoth(a.docs, b.docs);
		a.customFields.editOptions(
			diet,
			['Plant-based', 'Vegetarian', 'Keto'],
			[{ from: 'Vegan', to: 'Plant-based' }]
		);
		b.customFields.editOptions(
			diet,
			['Veggie', 'Vegetarian', 'Keto'],
			[{ from: 'Vegan', to: 'Veggie' }]
		);
		syncBoth(a.docs, b.docs);
		expect(a.customFields.list).toEqual(b.customFields.list);
		const value = shown(a, ada, diet).value as string;
		expect(['Plant-based', 'Veggie']).toContain(value);
		expect(shown(b, ada, diet).value).toBe(value);
		expect(a.customFields.list[0].options).toContain(value);
	});

	it('is one undo step', () => {
		const ws = workspace('a');
		const diet = dietField(ws);
		const ada = ws.people.create({ firstName: 'Ada' });
		ws.people.setCustom(ada, diet, 'Vegan');
		ws.undo.stopCapturing();
		ws.customFields.editOptions(
			diet,
			['Plant-based', 'Vegetarian', 'Keto'],
			[{ from: 'Vegan', to: 'Plant-based' }]
		);
		ws.undo.undo();
		expect(shown(ws, ada, diet).value).toBe('Vegan');
		expect(ws.customFields.list[0].options).toEqual(['Vegan', 'Vegetarian', 'Keto']);
	});
});
