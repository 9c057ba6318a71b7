/** The workspace's own field definitions: small, so a Y.Map per definition, a key per property. */
import * as Y from 'yjs';
import { optionKey } from '$lib/domain/custom-fields';
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
				const { value, issues } = validateCustomFieldDef({ ...readDef(map), id });
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

	/**
	 * New options, with the ones renamed: `from` → `to`. Records keep the label they stored and
	 * read it through the rename (no rewrite of every record, and a value written offline with the
	 * old label shows right once it syncs); each rename is its own key, so two people renaming
	 * different options at once both keep theirs.
	 */
	editOptions(id: string, options: string[], renames: readonly OptionRename[]): void {
		const map = this.layout.customFields.get(id);
		if (!map) return;
		this.doc.transact(() => {
			for (const { from, to } of renames) {
				map.set(RENAME + optionKey(from), to);
				// Renamed back (B → A after A → B): A is an option again, not an old name of B.
				map.delete(RENAME + optionKey(to));
				// Older names of `from` go straight to `to`.
				for (const [key, value] of map.entries()) {
					if (
						key.startsWith(RENAME) &&
						typeof value === 'string' &&
						optionKey(value) === optionKey(from)
					)
						map.set(key, to);
				}
			}
			// An option added under a label it had before is that option again, not the renamed one.
			const renamedTo = new Set(renames.map((r) => optionKey(r.to)));
			for (const o of options) if (!renamedTo.has(optionKey(o))) map.delete(RENAME + optionKey(o));
			map.set('options', options);
		}, LOCAL_EDIT);
	}

	/** Values stay on the records (a later definition with this id shows them again). */
	remove(id: string): void {
		this.doc.transact(() => this.layout.customFields.delete(id), LOCAL_EDIT);
	}
}

export interface OptionRename {
	from: string;
	to: string;
}

/** A renamed option's key in its definition's map: `rename:<old label's key>` = the new label. */
const RENAME = 'rename:';

/** A definition's map as plain values, its renames gathered into `renamed`. */
function readDef(map: Y.Map<unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	const renamed: Record<string, unknown> = {};
	for (const [key, value] of map.entries()) {
		if (key.startsWith(RENAME)) renamed[key.slice(RENAME.length)] = value;
		else out[key] = value instanceof Y.AbstractType ? (value.toJSON() as unknown) : value;
	}
	// A restored backup wrote its renames as one value: both are read.
	out.renamed = { ...(isPlain(out.renamed) ? out.renamed : {}), ...renamed };
	return out;
}

function isPlain(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}
