import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeDocs } from '$lib/data/docs-testing';
import { layoutOf, readRecord } from '$lib/data/layout';
import { familyOf, shardDocName } from '$lib/data/shards';
import { CORE } from '$lib/data/workspace-docs';
import { validateCustomFieldDef, validateOrganization, validatePerson } from '$lib/domain/validate';
import { generateWorkspace, interactionsOf } from './generate';

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
		expect(sameDocs(encodeDocs(a.docs), encodeDocs(b.docs))).toBe(true);
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

	it('writes each record into its shard, and lists every document in the core', () => {
		const { docs, personIds, organizationIds } = generateWorkspace(small);
		const names = [...docs.entries()].map(([name]) => name);
		expect(names[0]).toBe(CORE);
		expect(new Set(docs.listed())).toEqual(new Set(names.slice(1)));
		const families = new Set(names.slice(1).map(familyOf));
		expect(families).toEqual(new Set(['people', 'organizations', 'history']));
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
		const { docs, interactionsDoc, json, personIds, organizationIds, memberIds } =
			generateWorkspace(small);
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
		const log = interactionsOf(interactionsDoc);
		expect(log.length).toBe(small.interactions);
		expect(new Set(log.toArray().map((x) => x.personId)).size).toBeGreaterThan(small.people / 2);
		expect(json.people).toHaveLength(small.people);
		expect(json.interactions).toHaveLength(small.interactions);
		expect(layout.history.toArray().length).toBeGreaterThan(0); // later edits by teammates
	});

	it('refuses a negative or fractional size', () => {
		expect(() => generateWorkspace({ ...small, people: -1 })).toThrow(/people/);
		expect(() => generateWorkspace({ ...small, interactions: 1.5 })).toThrow(/interactions/);
	});
});
