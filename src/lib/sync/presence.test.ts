import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { FALLBACK_COLOR, Presence } from './presence.svelte';

/** Two awareness instances wired to each other, as the relay would. */
function pair(): [Awareness, Awareness] {
	const a = new Awareness(new Y.Doc());
	const b = new Awareness(new Y.Doc());
	const forward = (from: Awareness, to: Awareness) =>
		from.on('update', ({ added, updated, removed }: Record<string, number[]>) => {
			const changed = [...added, ...updated, ...removed];
			applyAwarenessUpdate(to, encodeAwarenessUpdate(from, changed), 'relay');
		});
	forward(a, b);
	forward(b, a);
	return [a, b];
}

describe('Presence', () => {
	it('shows other clients with their focus, never this one', () => {
		const [a, b] = pair();
		const ours = new Presence(a);
		const theirs = new Presence(b);
		ours.setUser({ memberId: 'm1', name: 'Ada', color: '#3366cc' });
		ours.setFocus({ recordId: 'p1', field: 'email' });
		theirs.setUser({ memberId: 'm2', name: 'Grace', color: 'tomato' });

		expect(ours.peers).toEqual([
			{
				clientId: b.clientID,
				memberId: 'm2',
				name: 'Grace',
				color: 'tomato',
				recordId: null,
				field: null
			}
		]);
		expect(theirs.peers).toEqual([
			{
				clientId: a.clientID,
				memberId: 'm1',
				name: 'Ada',
				color: '#3366cc',
				recordId: 'p1',
				field: 'email'
			}
		]);
		expect(theirs.peersOn('p1').map((p) => p.name)).toEqual(['Ada']);
		expect(theirs.peersOn('p2')).toEqual([]);

		ours.setFocus({ recordId: null, field: null });
		expect(theirs.peersOn('p1')).toEqual([]);
		a.destroy();
		b.destroy();
	});

	it('returns the same list until something changes', () => {
		const [a, b] = pair();
		const theirs = new Presence(b);
		new Presence(a).setUser({ memberId: 'm1', name: 'Ada', color: '#fff' });
		const first = theirs.peers;
		expect(theirs.peers).toBe(first);
		a.setLocalStateField('focus', { recordId: 'p9', field: null });
		expect(theirs.peers).not.toBe(first);
		expect(theirs.peers[0].recordId).toBe('p9');
		a.destroy();
		b.destroy();
	});

	it('skips peers that have not said who they are and cleans up odd values', () => {
		const [a, b] = pair();
		const c = new Awareness(new Y.Doc());
		const theirs = new Presence(b);
		a.setLocalState({ focus: { recordId: 'p1', field: null } }); // no user yet
		expect(theirs.peers).toEqual([]);
		a.setLocalState({
			user: { memberId: 'm1', name: 'Ada', color: 'red; background: url(x)' },
			focus: { recordId: 42, field: ['x'] }
		});
		expect(theirs.peers).toEqual([
			{
				clientId: a.clientID,
				memberId: 'm1',
				name: 'Ada',
				color: FALLBACK_COLOR,
				recordId: null,
				field: null
			}
		]);
		c.setLocalState({ user: { memberId: 7, name: 'Bad' } });
		applyAwarenessUpdate(b, encodeAwarenessUpdate(c, [c.clientID]), 'relay');
		expect(theirs.peers.map((p) => p.name)).toEqual(['Ada']);
		for (const x of [a, b, c]) x.destroy();
	});

	it('drops a peer that leaves', () => {
		const [a, b] = pair();
		const theirs = new Presence(b);
		new Presence(a).setUser({ memberId: 'm1', name: 'Ada', color: '#fff' });
		expect(theirs.peers).toHaveLength(1);
		a.setLocalState(null);
		expect(theirs.peers).toEqual([]);
		a.destroy();
		b.destroy();
	});
});
