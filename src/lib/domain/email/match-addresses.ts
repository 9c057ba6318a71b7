/**
 * Who a message is with: the people whose addresses appear in it, in which role, and the
 * addresses nobody has yet (to offer as new people). The member's own addresses are neither:
 * logging my mail must not link every interaction to my own record or offer me as a contact.
 */
import type { Address, ParsedEmail } from './parsed-email';

export type EmailRole = 'from' | 'to' | 'cc';
/** A person with every address they are known by. */
export type PersonAddresses = { id: string; emails: readonly string[] };
export type MatchedPerson = { personId: string; roles: EmailRole[] };
export type UnknownAddress = { address: string; name: string; roles: EmailRole[] };
export type AddressMatches = { people: MatchedPerson[]; unknown: UnknownAddress[] };

/**
 * 'Anna <Anna@Example.com>', ' mailto:anna@example.com ' and 'anna@example.com' are one
 * address. Plus-addressing (anna+crm@) is kept: whether it reaches the same mailbox is the
 * mail server's rule, not something a CRM can know.
 */
export function normalizeAddress(value: string): string {
	const bracketed = /<([^<>]*)>/.exec(value)?.[1] ?? value;
	return bracketed
		.trim()
		.replace(/^mailto:/i, '')
		.toLowerCase();
}

export function matchAddresses(
	email: Pick<ParsedEmail, 'from' | 'to' | 'cc'>,
	people: readonly PersonAddresses[],
	ownAddresses: readonly string[]
): AddressMatches {
	const own = new Set(ownAddresses.map(normalizeAddress));
	const owners = new Map<string, string[]>();
	for (const person of people) {
		for (const raw of person.emails) {
			const address = normalizeAddress(raw);
			if (!address) continue;
			const ids = owners.get(address) ?? [];
			// Two records with one address (duplicates not yet merged) both get the interaction.
			if (!ids.includes(person.id)) ids.push(person.id);
			owners.set(address, ids);
		}
	}

	const matched = new Map<string, MatchedPerson>();
	const unknown = new Map<string, UnknownAddress>();
	for (const [role, address] of participants(email)) {
		const key = normalizeAddress(address.address);
		if (!key.includes('@') || own.has(key)) continue;
		const ids = owners.get(key);
		if (ids) {
			for (const personId of ids) addRole(matched, personId, { personId, roles: [] }, role);
		} else {
			const entry = addRole(unknown, key, { address: key, name: '', roles: [] }, role);
			// The first display name given wins; a later copy with a name fills in a missing one.
			entry.name ||= address.name;
		}
	}
	return { people: [...matched.values()], unknown: [...unknown.values()] };
}

function* participants(
	email: Pick<ParsedEmail, 'from' | 'to' | 'cc'>
): Iterable<[EmailRole, Address]> {
	if (email.from) yield ['from', email.from];
	for (const address of email.to) yield ['to', address];
	for (const address of email.cc) yield ['cc', address];
}

function addRole<T extends { roles: EmailRole[] }>(
	map: Map<string, T>,
	key: string,
	fresh: T,
	role: EmailRole
): T {
	const entry = map.get(key) ?? fresh;
	if (!entry.roles.includes(role)) entry.roles.push(role);
	map.set(key, entry);
	return entry;
}
