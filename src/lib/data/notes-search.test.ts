import { describe, expect, it } from 'vitest';
import { matchesQuery, normalizeQuery, TEXT_SEARCH_CAP } from '$lib/domain/search';
import { Workspace } from './workspace.svelte';
import { syncBoth } from './docs-testing';
import { TEXT_QUIET_MS } from './live-collection.svelte';

const found = (ws: Workspace, q: string) =>
	ws.people.rows.filter((r) => matchesQuery(r.search, normalizeQuery(q))).map((r) => r.name);

const quiet = () => new Promise((resolve) => setTimeout(resolve, TEXT_QUIET_MS + 50));

describe('notes are searched (issue #18)', () => {
	it('finds people and organizations by the start of their notes', () => {
		const ws = new Workspace('ws', 'me');
		ws.start();
		ws.people.create({ firstName: 'Anna', notes: 'Vegetarian; loves SMOKED salmon' });
		ws.people.create({ firstName: 'Ben', notes: 'x'.repeat(TEXT_SEARCH_CAP) + ' vegetarian' });
		ws.organizations.create({ name: 'Acme', notes: 'Smoked fish wholesaler' });
		expect(found(ws, 'vegetarian')).toEqual(['Anna']);
		expect(found(ws, 'smoked salmon')).toEqual(['Anna']);
		expect(
			ws.organizations.rows.filter((r) => matchesQuery(r.search, normalizeQuery('smoked')))
		).toHaveLength(1);
	});

	it('a note typed here or by a colleague is found once typing pauses, not per keystroke', async () => {
		const a = new Workspace('ws', 'alice');
		const b = new Workspace('ws', 'bob');
		a.start();
		b.start();
		const id = a.people.create({ firstName: 'Anna' });
		syncBoth(a.docs, b.docs);
		const rowBefore = a.people.rows[0];
		a.people.notes(id).set('vegeta');
		a.people.notes(id).set('vegetarian');
		// Typing alone does not rebuild the row (and re-sort the list) on each keystroke…
		expect(a.people.rows[0]).toBe(rowBefore);
		await quiet();
		// …once typing pauses, it does.
		expect(found(a, 'vegetarian')).toEqual(['Anna']);
		syncBoth(a.docs, b.docs);
		await quiet();
		expect(found(b, 'vegetarian')).toEqual(['Anna']);
		b.people.notes(id).set('vegetarian, no fish');
		syncBoth(a.docs, b.docs);
		await quiet();
		expect(found(a, 'no fish')).toEqual(['Anna']);
		a.destroy();
		b.destroy();
	});
});
