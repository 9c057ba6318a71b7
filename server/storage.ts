// The seam between the relay and its durable copy. The embedded file store implements it today;
// a Redis or Postgres store can replace it by passing the same contract suite
// (storage-contract.ts).
//
// A workspace holds documents: the core document '' (CORE_DOC, what a workspace of one
// document always held) and named ones (`people.a7`, `history.2026-12`; isDocName in wire.ts).
// Each document is stored, compacted and released on its own.

export interface WorkspaceStore {
	/**
	 * Every durable update of one document, oldest first. Applying them in order (in one
	 * transaction) rebuilds the document; an unknown workspace or document yields [].
	 */
	load(workspaceId: string, doc: string): Promise<Uint8Array[]>;
	/**
	 * Appends one Yjs update to a document. Resolves once it is durable (survives kill -9 and
	 * power loss); appends of one document become durable in call order.
	 */
	append(workspaceId: string, doc: string, update: Uint8Array): Promise<void>;
	/** Merges what a document has accumulated into one snapshot; appends may continue meanwhile. */
	compact(workspaceId: string, doc: string): Promise<void>;
	/** Workspaces that have durable data. */
	listWorkspaces(): Promise<string[]>;
	/** The documents of a workspace that have durable data, sorted (the core document is ''). */
	listDocuments(workspaceId: string): Promise<string[]>;
	/** Resolves once every append issued so far has settled. */
	flush(): Promise<void>;
	/** Frees what an idle document holds (file handles, buffers); it can be used again later. */
	release(workspaceId: string, doc: string): Promise<void>;
	/** Flushes and frees everything; the store is unusable afterwards. */
	close(): Promise<void>;
}

/** Workspace ids double as folder names, so they are restricted to a safe alphabet. */
export const WORKSPACE_ID = /^[A-Za-z0-9_-]{8,64}$/;
