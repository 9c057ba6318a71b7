// The seam between the relay and its durable copy. The embedded file store implements it today;
// a Redis or Postgres store can replace it by passing the same contract suite
// (storage-contract.ts).

export interface WorkspaceStore {
	/**
	 * Every durable update of a workspace, oldest first. Applying them in order (in one
	 * transaction) rebuilds the document; an unknown workspace yields [].
	 */
	load(workspaceId: string): Promise<Uint8Array[]>;
	/**
	 * Appends one Yjs update. Resolves once it is durable (survives kill -9 and power loss);
	 * appends of one workspace become durable in call order.
	 */
	append(workspaceId: string, update: Uint8Array): Promise<void>;
	/** Merges what has accumulated into one snapshot; appends may continue meanwhile. */
	compact(workspaceId: string): Promise<void>;
	/** Workspaces that have durable data. */
	listWorkspaces(): Promise<string[]>;
	/** Resolves once every append issued so far has settled. */
	flush(): Promise<void>;
	/** Frees what an idle workspace holds (file handles, buffers); it can be used again later. */
	release(workspaceId: string): Promise<void>;
	/** Flushes and frees everything; the store is unusable afterwards. */
	close(): Promise<void>;
}

/** Workspace ids double as folder names, so they are restricted to a safe alphabet. */
export const WORKSPACE_ID = /^[A-Za-z0-9_-]{8,64}$/;
