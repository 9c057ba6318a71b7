/**
 * A document fetched onto the device without being applied on the page: an old month the
 * background fill brings for offline use. What the relay sends of it (its sync step 2, and any
 * update until the fetch ends) is handed over as bytes to be stored; nobody reads it now, and
 * applying a month of 2,000 interactions into a Y.Doc held the page 100–220 ms per month
 * (profiled: logs arriving meanwhile waited behind it). The rows are checked when the month is
 * opened and applied (device-docs.ts skips and reports one that is not an update).
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { DocSync, type DocSyncHooks } from './doc-sync';

export class DocFetch extends DocSync {
	#store: (update: Uint8Array) => void;

	/** `store` gets a copy of each update's bytes (not a view into the frame they came in). */
	constructor(
		name: string,
		store: (update: Uint8Array) => void,
		origin: object,
		hooks: DocSyncHooks
	) {
		// An empty document stands in for the state we hold: none (the month is not on the device).
		super(name, new Y.Doc({ guid: name }), 0, origin, hooks);
		this.#store = store;
	}

	/** What arrives from now on goes to `store` (a fetch asked for again after its caller gave up). */
	storeTo(store: (update: Uint8Array) => void): void {
		this.#store = store;
	}

	protected override readSync(decoder: decoding.Decoder, reply: encoding.Encoder): number {
		const type = decoding.readVarUint(decoder);
		const payload = decoding.readVarUint8Array(decoder);
		switch (type) {
			case syncProtocol.messageYjsSyncStep1:
				syncProtocol.writeSyncStep2(reply, this.doc, payload); // nothing the relay lacks
				break;
			case syncProtocol.messageYjsSyncStep2:
			case syncProtocol.messageYjsUpdate:
				this.#store(payload.slice());
				break;
			default:
				throw new Error(`unknown sync message type ${type}`);
		}
		return type;
	}

	override destroy(reason: string): void {
		super.destroy(reason);
		this.doc.destroy();
	}
}
