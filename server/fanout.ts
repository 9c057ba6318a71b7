// Fan-out across relay processes: what a room and the transport between processes (Redis,
// redis-fanout.ts) see of each other. Without REDIS_URL there is no fan-out and a room is what
// it always was.
//
// Each process applies and stores what its own clients send, then publishes it; the others
// apply it and forward it to their clients, but do not store it (the store is shared: only the
// process that received an update appends it, and only it acknowledges). What a process may
// have missed — published before it subscribed, or while the transport was down — it gets by
// announcing its state vector: every peer holding the document answers with what it lacks.

/** A room, as the transport delivers to it. */
export interface RemoteSink {
	/** An update another process applied (its clients' or its catch-up answer). */
	applyRemoteUpdate(update: Uint8Array): void;
	/** Presence another process's clients set or removed (a y-protocols awareness update). */
	applyRemoteAwareness(update: Uint8Array): void;
	/** That process is gone (killed, or closed): its clients' presence goes now. */
	dropRemotePresence(clientIds: number[]): void;
	/**
	 * A peer announced its state vector: what it lacks of ours, our own clients' presence, and
	 * whether it holds something we lack (then we announce ours in turn). Null while loading.
	 */
	answerPeer(stateVector: Uint8Array): PeerAnswer | null;
	/** This process's state vector of the document, null while it loads. */
	stateVector(): Uint8Array | null;
}

export interface PeerAnswer {
	update: Uint8Array | null;
	awareness: Uint8Array | null;
	theyHaveMore: boolean;
}

/** One document's link to the other processes, held by its room. */
export interface DocPeers {
	/** Settles once messages of other processes reach this room (bounded; never rejects). */
	readonly joined: Promise<void>;
	publishUpdate(update: Uint8Array): void;
	publishAwareness(update: Uint8Array): void;
	/** Announces our state vector, so peers send what we lack (after a load or a reconnect). */
	catchUp(stateVector: Uint8Array): void;
	/** The room is released: stop delivering to it. */
	leave(): void;
}

export interface Fanout {
	join(workspaceId: string, doc: string, sink: RemoteSink): DocPeers;
	/** An update stored without a room here (the relay's own edit): peers' rooms apply it. */
	publishStored(workspaceId: string, doc: string, update: Uint8Array): void;
	/** Whether the transport is connected both ways (for /readyz). */
	readonly ready: boolean;
	close(): Promise<void>;
}
