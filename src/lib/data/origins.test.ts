import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { HISTORY_LOG, IMPORT, LOCAL_EDIT, MIGRATION, SETUP, isLocalOrigin } from './origins';

describe('isLocalOrigin', () => {
	it('counts this device’s writes, undo and redo included', () => {
		const doc = new Y.Doc();
		const undo = new Y.UndoManager(doc.getMap('m'));
		for (const origin of [LOCAL_EDIT, HISTORY_LOG, MIGRATION, IMPORT, SETUP, null, undo])
			expect(isLocalOrigin(origin)).toBe(true);
	});

	it('does not count a peer’s update or a load from the device', () => {
		expect(isLocalOrigin({ name: 'provider' })).toBe(false);
		expect(isLocalOrigin('peer')).toBe(false);
	});
});
