import { describe, expect, it } from 'vitest';
import { emailDirection } from './email-direction';
import { matchAddresses, normalizeAddress } from './match-addresses';
import type { Address, ParsedEmail } from './parsed-email';

const box = (address: string, name = ''): Address => ({ name, address });

const email: Pick<ParsedEmail, 'from' | 'to' | 'cc'> = {
	from: box('juergen.mueller@gmail.com', 'Jürgen Müller'),
	to: [
		box('anna.schmidt@example.com', 'Anna Schmidt'),
		box('new.person@acme.example', 'New Person')
	],
	cc: [
		box('bob+crm@example.com'),
		box('juergen.mueller@gmail.com'),
		box('new.person@acme.example'),
		box('undisclosed-recipients')
	]
};

const people = [
	{
		id: 'p-juergen',
		emails: ['J.Mueller@Mueller-GmbH.de', '"Jürgen" <Juergen.Mueller@GMAIL.com>']
	},
	{ id: 'p-anna', emails: ['anna.schmidt@example.com'] },
	{ id: 'p-bob', emails: ['bob@example.com'] },
	{ id: 'p-nobody', emails: [] }
];

describe('matchAddresses', () => {
	it('finds people by any of their addresses, in every role they appear in', () => {
		const result = matchAddresses(email, people, []);
		expect(result.people).toEqual([
			{ personId: 'p-juergen', roles: ['from', 'cc'] },
			{ personId: 'p-anna', roles: ['to'] }
		]);
	});

	it('offers addresses nobody has, once each, with a display name when one was given', () => {
		const result = matchAddresses(email, people, []);
		expect(result.unknown).toEqual([
			{ address: 'new.person@acme.example', name: 'New Person', roles: ['to', 'cc'] },
			// Plus-addressing is kept: bob+crm@ is not assumed to be bob@.
			{ address: 'bob+crm@example.com', name: '', roles: ['cc'] }
		]);
	});

	it('leaves the member out: not matched, not offered', () => {
		const mine = ['"Anna" <Anna.Schmidt@example.com>'];
		const result = matchAddresses(email, people, mine);
		expect(result.people.map((p) => p.personId)).toEqual(['p-juergen']);
		expect(result.unknown.map((u) => u.address)).not.toContain('anna.schmidt@example.com');
		const sent = { from: box('anna.schmidt@example.com'), to: [box('x@y.example')], cc: [] };
		expect(matchAddresses(sent, people, mine)).toEqual({
			people: [],
			unknown: [{ address: 'x@y.example', name: '', roles: ['to'] }]
		});
	});

	it('gives the interaction to both of two records that share an address', () => {
		const twins = [
			{ id: 'p-1', emails: ['anna.schmidt@example.com'] },
			{ id: 'p-2', emails: ['ANNA.SCHMIDT@example.com', 'anna.schmidt@example.com'] }
		];
		const result = matchAddresses(
			{ from: null, to: [box('anna.schmidt@example.com')], cc: [] },
			twins,
			[]
		);
		expect(result.people).toEqual([
			{ personId: 'p-1', roles: ['to'] },
			{ personId: 'p-2', roles: ['to'] }
		]);
	});

	it('fills in a name from a later mention when the first had none', () => {
		const named = { from: null, to: [box('z@z.example')], cc: [box('z@z.example', 'Zoe')] };
		expect(matchAddresses(named, [], []).unknown).toEqual([
			{ address: 'z@z.example', name: 'Zoe', roles: ['to', 'cc'] }
		]);
	});
});

describe('normalizeAddress', () => {
	it('reads an address however a person record or a header wrote it', () => {
		expect(normalizeAddress('Anna@Example.COM')).toBe('anna@example.com');
		expect(normalizeAddress(' "Schmidt, Anna" <Anna@Example.com> ')).toBe('anna@example.com');
		expect(normalizeAddress('mailto:Anna@example.com')).toBe('anna@example.com');
		expect(normalizeAddress('anna+news@example.com')).toBe('anna+news@example.com');
	});
});

describe('emailDirection', () => {
	const own = ['Anna.Schmidt@example.com', 'anna@private.example'];

	it('is "out" when the member sent it, from any of their addresses', () => {
		expect(emailDirection({ from: box('anna.schmidt@example.com') }, own)).toBe('out');
		expect(emailDirection({ from: box('ANNA@private.example') }, own)).toBe('out');
	});

	it('is "in" otherwise, including when the sender is unknown', () => {
		expect(emailDirection({ from: box('juergen.mueller@gmail.com') }, own)).toBe('in');
		expect(emailDirection({ from: box('anna.schmidt+x@example.com') }, own)).toBe('in');
		expect(emailDirection({ from: null }, own)).toBe('in');
		expect(emailDirection({ from: box('anna@private.example') }, [])).toBe('in');
	});
});
