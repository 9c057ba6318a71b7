/** The workspace's own field definitions: small, so a Y.Map per definition, a key per property. */
import * as Y from 'yjs';
import type { CustomFieldDef } from '$lib/domain/records';
import { validateCustomFieldDef } from '$lib/domain/validate';
import type { Layout } from './layout';
import { LOCAL_EDIT } from './origins';
import { subscriberOf } from './y-subscriber';

export class CustomFieldRepository {
	private readonly subscribe: () => void;
	private cache: CustomFieldDef[] | null = null;
	/** forEntity's answers for the list `byEntityOf`: rows are built with one array per type. */
	private byEntityOf: CustomFieldDef[] | null = null;
	private readonly byEntity = new Map<string, CustomFieldDef[]>();

	constructor(
		private readonly doc: Y.Doc,
		private readonly layout: Layout
	) {
		this.subscribe = subscriberOf(layout.customFields);
		layout.customFields.observeDeep(() => (this.cache = null));
	}

	/** Valid definitions, in their order; a malformed one from a buggy peer is left out of forms. */
	get list(): CustomFieldDef[] {
		this.subscribe();
		if (!this.cache) {
			const defs: CustomFieldDef[] = [];
			this.layout.customFields.forEach((map, id) => {
				const { value, issues } = validateCustomFieldDef({ ...map.toJSON(), id });
				if (issues.length === 0 || value.label) defs.push(value);
			});
			this.cache = defs.sort((a, b) => a.order - b.order || a.label.localeCompare(b.label));
		}
		return this.cache;
	}

	/** The definitions of one record type's fields (by its name); the same array until they change. */
	forEntity(entity: string): CustomFieldDef[] {
		const list = this.list;
		if (this.byEntityOf !== list) {
			this.byEntityOf = list;
			this.byEntity.clear();
		}
		let defs = this.byEntity.get(entity);
		if (!defs) this.byEntity.set(entity, (defs = list.filter((d) => d.entity === entity)));
		return defs;
	}

	define(input: Omit<CustomFieldDef, 'id' | 'order'>): string {
		const id = crypto.randomUUID().slice(0, 8);
		const order = Math.max(0, ...this.list.map((d) => d.order)) + 1;
		this.doc.transact(() => {
			const map = new Y.Map<unknown>();
			for (const [k, v] of Object.entries({ ...input, order })) map.set(k, v);
			this.layout.customFields.set(id, map);
		}, LOCAL_EDIT);
		return id;
	}

	update(id: string, patch: Partial<Omit<CustomFieldDef, 'id'>>): void {
		const map = this.layout.customFields.get(id);
		if (!map) return;
		this.doc.transact(() => {
			for (const [k, v] of Object.entries(patch)) if (v !== undefined) map.set(k, v);
		}, LOCAL_EDIT);
	}

	/** Values stay on the records (a later definition with this id shows them again). */
	remove(id: string): void {
		this.doc.transact(() => this.layout.customFields.delete(id), LOCAL_EDIT);
	}
}
