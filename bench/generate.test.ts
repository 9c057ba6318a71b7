import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { layoutOf, readRecord } from '$lib/data/layout';
import { validateCustomFieldDef, validateOrganization, validatePerson } from '$lib/domain/validate';
import { generateWorkspace, interactionsOf } from './generate';

// toEqual on large byte arrays is slow: compare as buffers.
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

const small = { people: 300, organizations: 60, interactions: 2_000, seed: 7 };

describe('generateWorkspace', () => {
	it('gives byte-identical documents for the same seed', () => {
		const a = generateWorkspace(small);
		const b = generateWorkspace(small);
		expect(sameBytes(Y.encodeStateAsUpdate(a.doc), Y.encodeStateAsUpdate(b.doc))).toBe(true);
		expect(
			sameBytes(Y.encodeStateAsUpdate(a.interactionsDoc), Y.encodeStateAsUpdate(b.interactionsDoc))
		).toBe(true);
		expect(JSON.stringify(a.json)).toBe(JSON.stringify(b.json));
	});

	it('gives a different workspace for another seed', () => {
		const a = generateWorkspace(small);
		const c = generateWorkspace({ ...small, seed: 8 });
		expect(a.personIds[0]).not.toBe(c.personIds[0]);
		expect(JSON.stringify(a.json.people)).not.toBe(JSON.stringify(c.json.people));
	});

	it('writes records that validate without issues, with the requested counts', () => {
		const { doc, interactionsDoc, json, personIds, organizationIds, memberIds } =
			generateWorkspace(small);
		const layout = layoutOf(doc);
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
		const log = interactionsOf(interactionsDoc);
		expect(log.length).toBe(small.interactions);
		expect(new Set(log.toArray().map((x) => x.personId)).size).toBeGreaterThan(small.people / 2);
		expect(json.people).toHaveLength(small.people);
		expect(json.interactions).toHaveLength(small.interactions);
		expect(layout.history.length).toBeGreaterThan(0); // later edits by teammates
	});

	it('refuses a negative or fractional size', () => {
		expect(() => generateWorkspace({ ...small, people: -1 })).toThrow(/people/);
		expect(() => generateWorkspace({ ...small, interactions: 1.5 })).toThrow(/interactions/);
	});
});
