import { describe, expect, it } from 'vitest';
import { pickWorkspace } from './last-workspace';

const profiles = [{ workspaceId: 'a' }, { workspaceId: 'b' }];

describe('pickWorkspace', () => {
	it('reopens the last workspace when it is still on the device', () => {
		expect(pickWorkspace(profiles, 'b')).toBe('b');
	});

	it('falls back to the first workspace', () => {
		expect(pickWorkspace(profiles, 'gone')).toBe('a');
		expect(pickWorkspace(profiles, null)).toBe('a');
	});

	it('returns null when the device has no workspace', () => {
		expect(pickWorkspace([], 'a')).toBeNull();
	});
});
