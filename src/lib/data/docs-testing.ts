/**
 * For tests: what a relay does between devices, for every document of a workspace (the
 * documents of one may not be open on the other yet).
 */
import * as Y from 'yjs';
import { CORE, WorkspaceDocs } from './workspace-docs';

/** Brings `to` up to date with everything `from` holds, document by document. */
export function syncInto(to: WorkspaceDocs, from: WorkspaceDocs, origin: unknown = 'sync'): void {
	// The core first: its directory opens the other documents on `to`.
	for (const [name, doc] of [...from.entries()]) {
		const target = to.open(name);
		Y.applyUpdate(target, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(target)), origin);
	}
}

/** Both ways, until neither has anything the other lacks. */
export function syncBoth(a: WorkspaceDocs, b: WorkspaceDocs): void {
	syncInto(b, a);
	syncInto(a, b);
}

/** A new set of documents holding what `docs` holds (another device after a full sync). */
export function copyDocs(docs: WorkspaceDocs): WorkspaceDocs {
	const copy = new WorkspaceDocs();
	syncInto(copy, docs);
	return copy;
}

/** Every document's updates, as a device or the relay would store them. */
export function encodeDocs(docs: WorkspaceDocs): Map<string, Uint8Array> {
	return new Map([...docs.entries()].map(([name, doc]) => [name, Y.encodeStateAsUpdate(doc)]));
}

/** The documents a device holds after loading `updates` (encodeDocs' output, or merged ones). */
export function docsFromUpdates(
	updates: Map<string, Uint8Array>,
	origin: unknown = 'load'
): WorkspaceDocs {
	const docs = new WorkspaceDocs();
	const core = updates.get(CORE);
	if (core) Y.applyUpdate(docs.core, core, origin);
	for (const [name, update] of updates)
		if (name !== CORE) Y.applyUpdate(docs.open(name), update, origin);
	return docs;
}

/** Every peer's updates merged, document by document (what a relay ends up holding). */
export function mergeDocs(all: WorkspaceDocs[]): Map<string, Uint8Array> {
	const byName = new Map<string, Uint8Array[]>();
	for (const docs of all)
		for (const [name, update] of encodeDocs(docs))
			byName.set(name, [...(byName.get(name) ?? []), update]);
	return new Map([...byName].map(([name, updates]) => [name, Y.mergeUpdates(updates)]));
}
