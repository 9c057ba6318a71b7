/**
 * The workspace's saved segments, in the core document's `segments` map, one key per segment
 * (domain/segments/saved.ts says what a value holds and why). Reads are reactive; every write
 * is one LOCAL_EDIT transaction, refused when the name or the definition is not acceptable.
 */
import type * as Y from 'yjs';
import { PERSON_SEGMENT_FIELDS } from '$lib/domain/segments/person-fields';
import {
	readSavedSegments,
	segmentNameProblem,
	type BrokenSegment,
	type SavedSegment
} from '$lib/domain/segments/saved';
import { validateSegment } from '$lib/domain/segments/validate';
import type { SegmentDef } from '$lib/domain/segments/definition';
import { LOCAL_EDIT } from './origins';
import type { Workspace } from './workspace.svelte';
import { subscriberOf } from './y-subscriber';

export type { SavedSegment, BrokenSegment };

export class SavedSegments {
	private readonly subscribe: () => void;
	private cache: { segments: SavedSegment[]; broken: BrokenSegment[] } | null = null;

	constructor(
		private readonly doc: Y.Doc,
		private readonly map: Y.Map<unknown>,
		private readonly me: string,
		private readonly now: () => number = Date.now
	) {
		this.subscribe = subscriberOf(map, false);
		map.observe(() => (this.cache = null));
	}

	#read() {
		this.subscribe();
		return (this.cache ??= readSavedSegments(this.map.entries(), PERSON_SEGMENT_FIELDS));
	}

	/** The readable segments by name (reactive). */
	get list(): SavedSegment[] {
		return this.#read().segments;
	}

	/** Segments a buggy peer stored that cannot be read (reactive). */
	get broken(): BrokenSegment[] {
		return this.#read().broken;
	}

	get(id: string): SavedSegment | undefined {
		return this.list.find((s) => s.id === id);
	}

	/** Saves a new segment; returns its id. */
	create(name: string, def: SegmentDef): string {
		check(segmentNameProblem(name, this.list, null));
		const id = crypto.randomUUID();
		const at = this.now();
		const value = { name: name.trim(), def: checked(def) };
		this.write(() =>
			this.map.set(id, {
				...value,
				createdBy: this.me,
				createdAt: at,
				updatedBy: this.me,
				updatedAt: at
			})
		);
		return id;
	}

	/** A new name, a new definition, or both. */
	update(id: string, change: { name?: string; def?: SegmentDef }): void {
		const current = this.get(id);
		if (!current) throw new Error('That segment was deleted.');
		if (change.name !== undefined) check(segmentNameProblem(change.name, this.list, id));
		this.write(() =>
			this.map.set(id, {
				name: (change.name ?? current.name).trim(),
				def: change.def ? checked(change.def) : current.def,
				createdBy: current.createdBy,
				createdAt: current.createdAt,
				updatedBy: this.me,
				updatedAt: this.now()
			})
		);
	}

	/** Deletes a segment (a broken one too). */
	remove(id: string): void {
		this.write(() => this.map.delete(id));
	}

	private write(fn: () => void): void {
		this.doc.transact(fn, LOCAL_EDIT);
	}
}

function check(problem: string | null): void {
	if (problem) throw new Error(problem);
}

/** The definition as validation reads it (plain JSON), or an error naming the first problem. */
function checked(def: SegmentDef): SegmentDef {
	const r = validateSegment(JSON.parse(JSON.stringify(def)), undefined, PERSON_SEGMENT_FIELDS);
	if (!r.ok) throw new Error(r.problems[0].message);
	return r.segment;
}

const byWorkspace = new WeakMap<Workspace, SavedSegments>();

/** The saved segments of an open workspace (one reader per workspace). */
export function savedSegmentsOf(ws: Workspace): SavedSegments {
	let s = byWorkspace.get(ws);
	if (!s) byWorkspace.set(ws, (s = new SavedSegments(ws.docs.core, ws.layout.segments, ws.me)));
	return s;
}
