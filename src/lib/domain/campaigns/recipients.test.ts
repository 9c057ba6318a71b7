import { describe, expect, it } from 'vitest';
import { audienceOf, exclusionOf, type Reachable } from './recipients';

const p = (id: string, over: Partial<Reachable> = {}): Reachable => ({
	id,
	consent: 'granted',
	email: `${id}@example.com`,
	hasPostalAddress: true,
	...over
});

describe('campaign recipients', () => {
	it('leaves out people without consent, without an address, and unsubscribed', () => {
		const members = [
			p('ada'),
			p('ben', { consent: 'unknown' }),
			p('cy', { consent: 'refused' }),
			p('dee', { email: '' }),
			p('eve', { email: 'not an address' }),
			p('fay', { consent: 'refused' }),
			p('gus')
		];
		const a = audienceOf(members, 'email', new Set(['fay', 'gus']));
		expect(a.recipients.map((r) => r.id)).toEqual(['ada']);
		expect(a.excluded.map((e) => [e.person.id, e.reason])).toEqual([
			['ben', 'no-consent'],
			['cy', 'no-consent'],
			['dee', 'no-address'],
			['eve', 'no-address'],
			['fay', 'unsubscribed'],
			['gus', 'unsubscribed']
		]);
	});

	it('asks a letter for a postal address, not an e-mail', () => {
		expect(exclusionOf(p('a', { email: '' }), 'letter', new Set())).toBeNull();
		expect(exclusionOf(p('a', { hasPostalAddress: false }), 'letter', new Set())).toBe(
			'no-address'
		);
		expect(exclusionOf(p('a', { hasPostalAddress: false }), 'email', new Set())).toBeNull();
	});

	it('says no consent before no address', () => {
		expect(exclusionOf(p('a', { consent: 'unknown', email: '' }), 'email', new Set())).toBe(
			'no-consent'
		);
	});
});
