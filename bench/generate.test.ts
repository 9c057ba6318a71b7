import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contactEntry } from '$lib/data/contact-summary';
import { docsFromUpdates } from '$lib/data/docs-testing';
import { layoutOf, readRecord, type Layout } from '$lib/data/layout';
import { HOT_MONTHS, familyOf, monthOf, shardDocName } from '$lib/data/shards';
import { CORE } from '$lib/data/workspace-docs';
import { validateInteraction } from '$lib/domain/record-types/interaction';
import { validateCustomFieldDef, validateOrganization, validatePerson } from '$lib/domain/validate';
import { encodeWorkspace, generateWorkspace, GENERATED_NOW } from './generate';

// toEqual on large byte arrays is slow: compare as buffers.
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
const sameDocs = (a: Map<string, Uint8Array>, b: Map<string, Uint8Array>) =>
	a.size === b.size &&
	[...a].every(([name, bytes]) => b.has(name) && sameBytes(bytes, b.get(name)!));

const small = { people: 300, organizations: 60, interactions: 2_000, seed: 7 };

describe('generateWorkspace', () => {
	it('gives byte-identical documents for the same seed', () => {
		const a = generateWorkspace(small);
		const b = generateWorkspace(small);
		expect(sameDocs(encodeWorkspace(a), encodeWorkspace(b))).toBe(true);
		expect(JSON.stringify(a.json)).toBe(JSON.stringify(b.json));
		expect(a.busyCustomer).toEqual(b.busyCustomer);
	});

	it('gives a different workspace for another seed', () => {
		const a = generateWorkspace(small);
		const c = generateWorkspace({ ...small, seed: 8 });
		expect(a.personIds[0]).not.toBe(c.personIds[0]);
		expect(JSON.stringify(a.json.people)).not.toBe(JSON.stringify(c.json.people));
	});

	it('writes each record into its shard, and lists every document in the core', () => {
		const { docs, closedMonths, personIds, organizationIds } = generateWorkspace(small);
		const names = [...docs.entries()].map(([name]) => name);
		expect(names[0]).toBe(CORE);
		// Old months were let go of once written: listed, not open.
		expect(new Set(docs.listed())).toEqual(new Set([...names.slice(1), ...closedMonths.keys()]));
		for (const name of closedMonths.keys()) expect(docs.get(name)).toBeUndefined();
		const families = new Set(names.slice(1).map(familyOf));
		expect(families).toEqual(new Set(['people', 'organizations', 'history', 'interactions']));
		for (const [collection, ids] of [
			['people', personIds],
			['organizations', organizationIds]
		] as const) {
			for (const id of ids)
				expect(docs.get(shardDocName(collection, id))!.getMap(collection).has(id)).toBe(true);
		}
		// The core holds no records (a device would move them out as a one-document workspace's).
		expect(docs.core.share.has('people')).toBe(false);
	});

	it('writes records that validate without issues, with the requested counts', () => {
		const { docs, json, personIds, organizationIds, memberIds } = generateWorkspace(small);
		const layout = layoutOf(docs);
		const defs = [...layout.customFields.entries()].map(
			([id, map]) => validateCustomFieldDef({ ...map.toJSON(), id }).value
		);
		expect(defs.length).toBeGreaterThan(0);
		expect(layout.people.size).toBe(small.people);
		expect(layout.organizations.size).toBe(small.organizations);
		for (const id of personIds) {
			const record = readRecord(layout.people.get(id)!);
			expect(validatePerson(record, defs).issues, id).toEqual([]);
			if (record.organizationId) expect(organizationIds).toContain(record.organizationId);
			if (record.ownerId) expect(memberIds).toContain(record.ownerId);
		}
		for (const id of organizationIds) {
			expect(validateOrganization(readRecord(layout.organizations.get(id)!), defs).issues).toEqual(
				[]
			);
		}
		expect(json.people).toHaveLength(small.people);
		expect(layout.history.toArray().length).toBeGreaterThan(0); // later edits by teammates
	});

	it('writes interactions as the app stores them, in monthly partitions up to now', () => {
		const generated = generateWorkspace(small);
		// Every month, the closed ones too, as a device that fetched them all holds them.
		const layout = layoutOf(docsFromUpdates(encodeWorkspace(generated)));
		const interactions = layout.collections.interactions;
		expect(interactions.size).toBe(small.interactions);
		const months = new Set<string>();
		const byTarget = new Map<string, { id: string; at: number }[]>();
		let withNotes = 0;
		interactions.forEach((map, id) => {
			const record = readRecord(map);
			const { value, issues } = validateInteraction(record);
			expect(issues, id).toEqual([]);
			expect(interactions.docNameOf(id)).toBe(`interactions.${monthOf(value.occurredAt)}`);
			expect(id.startsWith(`${monthOf(value.occurredAt)}~`)).toBe(true);
			expect(value.occurredAt).toBeLessThanOrEqual(GENERATED_NOW);
			expect(typeof record.createdAt).toBe('number');
			expect(generated.memberIds).toContain(record.createdBy);
			// Notes made with the record when it has some, else none (data/record-texts.ts).
			const notes = interactions.map(id)?.get('notes');
			if (notes !== undefined) withNotes++;
			expect(notes === undefined || (notes instanceof Y.Text && notes.length > 0)).toBe(true);
			// One or two people of one organization, and that organization.
			expect(value.personIds.length).toBeGreaterThanOrEqual(1);
			expect(value.personIds.length).toBeLessThanOrEqual(2);
			for (const p of value.personIds)
				expect(readRecord(layout.people.get(p)!).organizationId).toBe(value.organizationId);
			months.add(monthOf(value.occurredAt));
			for (const target of [...value.personIds, value.organizationId!]) {
				let list = byTarget.get(target);
				if (!list) byTarget.set(target, (list = []));
				list.push({ id, at: value.occurredAt });
			}
		});
		// ~15 % of interactions are generated with notes.
		expect(withNotes).toBeGreaterThan(0);
		expect(withNotes).toBeLessThan(small.interactions / 2);
		expect(months.size).toBeGreaterThan(36); // several years
		expect(generated.closedMonths.size).toBe(months.size - HOT_MONTHS);
		expect(months.has(monthOf(GENERATED_NOW))).toBe(true);
		// What the writing device leaves on the linked records (contact-summary.ts).
		for (const [target, list] of byTarget) {
			const record = layout.people.get(target) ?? layout.organizations.get(target);
			expect(record, target).toBeDefined();
			const newest = list.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1))[0];
			expect(contactEntry(record!)?.id).toBe(newest.id);
		}
		expectBusyCustomer(generated.busyCustomer!, layout, byTarget);
	});

	it('keeps generation bounded: old months leave memory as they are completed', () => {
		const { docs, closedMonths } = generateWorkspace(small);
		const open = [...docs.entries()].filter(([name]) => familyOf(name) === 'interactions');
		expect(open.map(([name]) => name).sort()).toEqual([
			'interactions.2026-10',
			'interactions.2026-11',
			'interactions.2026-12'
		]);
		expect(closedMonths.size).toBeGreaterThan(0);
	});

	it('refuses a negative or fractional size, and a busy customer busier than all', () => {
		expect(() => generateWorkspace({ ...small, people: -1 })).toThrow(/people/);
		expect(() => generateWorkspace({ ...small, interactions: 1.5 })).toThrow(/interactions/);
		expect(() => generateWorkspace({ ...small, busyCustomerInteractions: 2_001 })).toThrow(/busy/);
	});
});

/** The busy customer: exactly their interactions, over recent and closed months. */
function expectBusyCustomer(
	busy: NonNullable<ReturnType<typeof generateWorkspace>['busyCustomer']>,
	layout: Layout,
	byTarget: Map<string, { id: string; at: number }[]>
): void {
	const theirs = byTarget.get(busy.id)!;
	expect(theirs).toHaveLength(small.interactions / 20);
	expect(busy.interactions).toBe(theirs.length);
	expect(busy.newestInteractionId).toBe(theirs[0].id); // sorted newest first above
	expect(readRecord(layout.people.get(busy.id)!).organizationId).toBe(busy.organizationId);
	expect(busy.months).toBeGreaterThan(36);
	expect(busy.closedMonths).toBe(busy.months - HOT_MONTHS);
}
