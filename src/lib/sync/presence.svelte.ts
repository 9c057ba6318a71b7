/**
 * Who else is here and what they are looking at, over y-protocols awareness. Local state is
 * `{ user: { memberId, name, color }, focus: { recordId, field } }`; peers' states are checked on
 * read, since another client may be old or buggy.
 */
import type { Awareness } from 'y-protocols/awareness';
import { createSubscriber } from 'svelte/reactivity';

export interface PresenceUser {
	memberId: string;
	name: string;
	color: string;
}

export interface PresenceFocus {
	recordId: string | null;
	field: string | null;
}

export interface Peer extends PresenceUser, PresenceFocus {
	clientId: number;
}

/** Shown for a peer whose colour is not a plain CSS colour (it ends up in a style attribute). */
export const FALLBACK_COLOR = '#888888';
const SAFE_COLOR = /^(#[0-9a-f]{3,8}|[a-z]{3,20}|(rgb|hsl)a?\([\d\s.,%/]+\))$/i;

export class Presence {
	readonly awareness: Awareness;
	#version = 0;
	#cache: { version: number; peers: Peer[] } | null = null;
	#subscribe: () => void;

	constructor(awareness: Awareness) {
		this.awareness = awareness;
		// Always on (not only while an effect reads), so the cache is never stale when read outside one.
		awareness.on('change', this.#bump);
		this.#subscribe = createSubscriber((update) => {
			awareness.on('change', update);
			return () => awareness.off('change', update);
		});
	}

	setUser(user: PresenceUser): void {
		const { memberId, name, color } = user;
		this.awareness.setLocalStateField('user', { memberId, name, color });
	}

	setFocus(focus: PresenceFocus): void {
		this.awareness.setLocalStateField('focus', { recordId: focus.recordId, field: focus.field });
	}

	/** Other clients that said who they are, ordered by name; reactive. */
	get peers(): Peer[] {
		this.#subscribe();
		if (this.#cache?.version !== this.#version) {
			this.#cache = { version: this.#version, peers: this.#readPeers() };
		}
		return this.#cache.peers;
	}

	/** Peers looking at one record; reactive. */
	peersOn(recordId: string): Peer[] {
		return this.peers.filter((peer) => peer.recordId === recordId);
	}

	destroy(): void {
		this.awareness.off('change', this.#bump);
	}

	#bump = (): void => {
		this.#version++;
	};

	#readPeers(): Peer[] {
		const peers: Peer[] = [];
		for (const [clientId, state] of this.awareness.getStates()) {
			if (clientId === this.awareness.clientID) continue;
			const peer = toPeer(clientId, state);
			if (peer !== null) peers.push(peer);
		}
		return peers.sort((a, b) => a.name.localeCompare(b.name) || a.clientId - b.clientId);
	}
}

function toPeer(clientId: number, state: Record<string, unknown>): Peer | null {
	const user = state.user as Record<string, unknown> | undefined;
	if (typeof user !== 'object' || user === null) return null;
	const { memberId, name, color } = user;
	if (typeof memberId !== 'string' || typeof name !== 'string') return null;
	const focus = (
		typeof state.focus === 'object' && state.focus !== null ? state.focus : {}
	) as Record<string, unknown>;
	return {
		clientId,
		memberId,
		name,
		color: typeof color === 'string' && SAFE_COLOR.test(color) ? color : FALLBACK_COLOR,
		recordId: typeof focus.recordId === 'string' ? focus.recordId : null,
		field: typeof focus.field === 'string' ? focus.field : null
	};
}
