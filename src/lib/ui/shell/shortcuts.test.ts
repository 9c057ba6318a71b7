import { describe, expect, it } from 'vitest';
import {
	SECTIONS,
	SEQUENCE_MS,
	SHORTCUT_GROUPS,
	ShortcutReader,
	type ShortcutEvent
} from './shortcuts';

const body = { tagName: 'BODY', closest: () => null } as unknown as EventTarget;
const el = (tagName: string, inside: string[] = [], extra: object = {}) =>
	({
		tagName,
		closest: (s: string) => (inside.some((x) => s.includes(x)) ? {} : null),
		...extra
	}) as unknown as EventTarget;

function key(k: string, mods: Partial<ShortcutEvent> = {}): ShortcutEvent {
	return {
		key: k,
		ctrlKey: false,
		metaKey: false,
		shiftKey: false,
		altKey: false,
		target: body,
		...mods
	};
}

describe('ShortcutReader', () => {
	it('reads Ctrl+K and Cmd+K as the palette, also in a text field', () => {
		const r = new ShortcutReader();
		expect(r.read(key('k', { ctrlKey: true }), 0)).toEqual({ kind: 'palette' });
		expect(r.read(key('k', { metaKey: true }), 0)).toEqual({ kind: 'palette' });
		expect(r.read(key('k', { ctrlKey: true, target: el('INPUT') }), 0)).toEqual({
			kind: 'palette'
		});
		expect(r.read(key('k', { ctrlKey: true, altKey: true }), 0)).toBeNull();
	});

	it('reads single keys outside fields', () => {
		const r = new ShortcutReader();
		expect(r.read(key('?', { shiftKey: true }), 0)).toEqual({ kind: 'help' });
		expect(r.read(key('/'), 0)).toEqual({ kind: 'search' });
		expect(r.read(key('l'), 0)).toEqual({ kind: 'log' });
		expect(r.read(key('L'), 0)).toEqual({ kind: 'log' }); // caps lock
		expect(r.read(key('j'), 0)).toEqual({ kind: 'next' });
		expect(r.read(key('k'), 0)).toEqual({ kind: 'prev' });
		expect(r.read(key('e'), 0)).toEqual({ kind: 'edit' });
		expect(r.read(key('Escape'), 0)).toEqual({ kind: 'leave' });
		expect(r.read(key('z', { ctrlKey: true }), 0)).toEqual({ kind: 'undo' });
	});

	it('never fires while typing, in a dialog, or with a modifier it does not name', () => {
		const r = new ShortcutReader();
		for (const target of [
			el('INPUT', [], { type: 'text' }),
			el('TEXTAREA'),
			el('SELECT'),
			el('DIV', [], { isContentEditable: true }),
			el('LI', ['listbox']),
			el('BUTTON', ['dialog'])
		]) {
			for (const k of ['l', 'j', '/', '?', 'g', 'Escape'])
				expect(r.read(key(k, { target }), 0)).toBeNull();
		}
		expect(r.read(key('L', { shiftKey: true }), 0)).toBeNull();
		expect(r.read(key('j', { altKey: true }), 0)).toBeNull();
		expect(r.read(key('l', { ctrlKey: true }), 0)).toBeNull();
		expect(r.read(key('/', { metaKey: true }), 0)).toBeNull();
	});

	it('reads g then a letter as going to a section, within the sequence time', () => {
		const r = new ShortcutReader();
		expect(r.read(key('g'), 1000)).toBeNull();
		expect(r.read(key('p'), 1200)).toEqual({ kind: 'go', path: '/people' });
		// The g was used: p alone does nothing.
		expect(r.read(key('p'), 1300)).toBeNull();
		expect(r.read(key('g'), 2000)).toBeNull();
		expect(r.read(key('o'), 2000 + SEQUENCE_MS + 1)).toBeNull();
		expect(r.read(key('g'), 5000)).toBeNull();
		expect(r.read(key('j'), 5100)).toBeNull(); // not a section: the sequence ends
		expect(r.read(key('j'), 5200)).toEqual({ kind: 'next' });
	});

	it('lists every section it goes to, each letter once', () => {
		const r = new ShortcutReader();
		const keys = SECTIONS.map((s) => s.key);
		expect(new Set(keys).size).toBe(keys.length);
		const listed = SHORTCUT_GROUPS.find((g) => g.title === 'Go to')!.rows;
		expect(listed.map((row) => row.keys[1].toLowerCase())).toEqual(keys);
		let t = 0;
		for (const s of SECTIONS) {
			r.read(key('g'), (t += 10_000));
			expect(r.read(key(s.key), t + 1)).toEqual({ kind: 'go', path: s.path });
		}
	});
});
