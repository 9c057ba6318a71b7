import { describe, expect, it } from 'vitest';
import { syncUrl, workspaceSocketTarget } from './relay-url';

describe('workspaceSocketTarget', () => {
	it('puts the workspace in the path and the token in the subprotocols', () => {
		expect(workspaceSocketTarget('https://crm.example.com/base/', 'w 1', 'abc')).toEqual({
			url: 'wss://crm.example.com/base/sync/w%201?crm=1',
			protocols: ['crm', 'crm-docs', 'crm-batch', 'token.abc'],
			channel: 'crm-docs:wss://crm.example.com/base/sync/w%201'
		});
	});

	it('falls back to the query for a token no header can carry, keeping it out of the channel', () => {
		const target = workspaceSocketTarget('http://relay', 'w1', 'odd token');
		expect(target.url).toBe('ws://relay/sync/w1?crm=1&token=odd%20token');
		expect(target.protocols).toEqual(['crm', 'crm-docs', 'crm-batch']);
		expect(target.channel).not.toMatch(/token/);
	});

	it('refuses an empty workspace or token', () => {
		expect(() => workspaceSocketTarget('http://relay', ' ', 't')).toThrow(/workspaceId/);
		expect(() => workspaceSocketTarget('http://relay', 'w1', '')).toThrow(/token/);
		expect(syncUrl('http://relay/')).toBe('ws://relay/sync');
	});
});
