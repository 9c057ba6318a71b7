/**
 * Presence over the relay connection: this device's awareness state goes out on the core
 * document (shared when the core document is subscribed, then every change of it), the others'
 * come in, and when the connection ends they are forgotten (the relay sends them again on the
 * next one, without those who left meanwhile).
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Awareness } from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS } from './wire';

type Changes = { added: number[]; updated: number[]; removed: number[] };

export class AwarenessSync {
	readonly awareness: Awareness;
	/** Sends an awareness message of the core document; null while there is no connection. */
	#send: ((message: Uint8Array) => void) | null = null;

	constructor(awareness: Awareness) {
		this.awareness = awareness;
		awareness.on('update', this.#onUpdate);
	}

	/** The core document is subscribed on a new connection: share our state from now on. */
	attach(send: (message: Uint8Array) => void): void {
		this.#send = send;
		if (this.awareness.getLocalState() !== null) this.#share([this.awareness.clientID]);
	}

	/** We are closing the connection on purpose: the others see us leave at once. */
	leave(): void {
		if (this.#send === null) return;
		const clients = [this.awareness.clientID];
		this.#send(
			message(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients, new Map()))
		);
	}

	/** The connection is gone: forget the others. */
	detach(): void {
		this.#send = null;
		const others = [...this.awareness.getStates().keys()].filter(
			(client) => client !== this.awareness.clientID
		);
		awarenessProtocol.removeAwarenessStates(this.awareness, others, this);
	}

	/** An awareness or query-awareness message of the core document (after its type). */
	receive(type: number, decoder: decoding.Decoder): void {
		if (type === MESSAGE_AWARENESS) {
			const update = decoding.readVarUint8Array(decoder);
			awarenessProtocol.applyAwarenessUpdate(this.awareness, update, this);
		} else if (type === MESSAGE_QUERY_AWARENESS) {
			this.#share([...this.awareness.getStates().keys()]);
		}
	}

	destroy(): void {
		this.awareness.off('update', this.#onUpdate);
		this.awareness.destroy();
	}

	#share(clients: number[]): void {
		this.#send?.(message(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)));
	}

	#onUpdate = ({ added, updated, removed }: Changes, origin: unknown): void => {
		if (origin === this) return; // what came from the relay, or forgetting on a close
		this.#share([...added, ...updated, ...removed]);
	};
}

function message(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}
