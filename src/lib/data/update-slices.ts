/**
 * A large Yjs update as several smaller ones that, applied one after another into the same
 * document, give the same state: a month of a million interactions (12 MB) applies in one task
 * of 300–450 ms, in slices of a few hundred kilobytes in tasks of a few milliseconds each, so the
 * page answers input between them (issue #11: no task over 50 ms after the first paint).
 *
 * Each slice holds runs of consecutive structs of one client (in the update's order, so a
 * client's run follows what it continues); the delete set comes last, once every struct it
 * names is there. A struct whose origin is in a later slice waits in Yjs' pending store until
 * that slice arrives. Decoding the update costs about as much as applying it: done in a worker.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

type Struct = ReturnType<typeof Y.decodeUpdate>['structs'][number];

export interface SliceLimits {
	/** Structs per slice at most… */
	structs: number;
	/** …and about this many bytes (a slice ends once it has passed them). */
	bytes: number;
}

/** Measured in Chromium: slices of these limits apply in 1–15 ms each. */
export const SLICE_LIMITS: SliceLimits = { structs: 1_000, bytes: 256 * 1024 };

/** `update` (one valid Yjs update, v1) as slices within `limits`; throws if it is not one. */
export function sliceUpdate(update: Uint8Array, limits: SliceLimits = SLICE_LIMITS): Uint8Array[] {
	const { structs, ds } = Y.decodeUpdate(update);
	const slices: Uint8Array[] = [];
	let slice = new Map<number, Struct[]>();
	let count = 0;
	let size = 0;
	const flush = () => {
		slices.push(structsUpdate(slice));
		slice = new Map();
		count = 0;
		size = 0;
	};
	for (const s of causalOrder(structs)) {
		const run = slice.get(s.id.client);
		if (run) run.push(s);
		else slice.set(s.id.client, [s]);
		size += approximateSize(s);
		if (++count >= limits.structs || size >= limits.bytes) flush();
	}
	if (count > 0) flush();
	if (ds.clients.size > 0 || slices.length === 0) slices.push(deleteSetUpdate(ds));
	return slices;
}

/**
 * The update's structs (in clock order per client, as decoded) in an order where each comes
 * after what it builds on within the update — its left and right neighbours when it was made,
 * its parent — so a slice never waits in Yjs' pending store for a later one: structs of many
 * clients that edited each other's records, applied client by client, went pending and were
 * merged and retried with every slice (5× slower than whole, and growing with the document).
 * A walk like Yjs' own integration: when a client's next struct needs another's, that client
 * goes first.
 */
function causalOrder(structs: Struct[]): Struct[] {
	const byClient = new Map<number, Struct[]>();
	for (const s of structs) {
		if (s instanceof Y.Skip) continue; // a gap: nothing to apply
		const list = byClient.get(s.id.client);
		if (list) list.push(s);
		else byClient.set(s.id.client, [s]);
	}
	const next = new Map<number, number>();
	/** Per client, the clocks below this are placed (or were never in the update). */
	const placedTo = new Map<number, number>();
	const endOf = new Map<number, number>();
	for (const [client, list] of byClient) {
		next.set(client, 0);
		placedTo.set(client, list[0].id.clock);
		const last = list[list.length - 1];
		endOf.set(client, last.id.clock + last.length);
	}
	/** The client whose struct `s` needs first, or null. */
	const waitsFor = (s: Struct): number | null => {
		if (!(s instanceof Y.Item)) return null;
		const parent = s.parent as unknown;
		for (const dep of [s.origin, s.rightOrigin, isId(parent) ? parent : null]) {
			if (!dep || dep.client === s.id.client) continue;
			const placed = placedTo.get(dep.client);
			if (placed !== undefined && dep.clock >= placed && dep.clock < endOf.get(dep.client)!)
				return dep.client;
		}
		return null;
	};
	const order: Struct[] = [];
	for (const start of byClient.keys()) {
		const stack = [start];
		while (stack.length > 0) {
			const client = stack[stack.length - 1];
			const list = byClient.get(client)!;
			const i = next.get(client)!;
			if (i >= list.length) {
				stack.pop();
				continue;
			}
			const s = list[i];
			const first = waitsFor(s);
			// A cycle cannot come from Yjs; if a peer wrote one, Yjs keeps that struct pending.
			if (first !== null && !stack.includes(first)) {
				stack.push(first);
				continue;
			}
			order.push(s);
			next.set(client, i + 1);
			placedTo.set(client, s.id.clock + s.length);
			if (stack.length > 1) stack.pop(); // the client waiting below may go on now
		}
	}
	return order;
}

function isId(value: unknown): value is Y.ID {
	return typeof value === 'object' && value !== null && 'client' in value && 'clock' in value;
}

/** One update of the runs in `slice` (one per client, consecutive clocks; a gap as a Skip). */
function structsUpdate(slice: Map<number, Struct[]>): Uint8Array {
	const e = new Y.UpdateEncoderV1();
	encoding.writeVarUint(e.restEncoder, slice.size);
	for (const [client, run] of slice) {
		const filled: Struct[] = [];
		for (const s of run) {
			const last = filled[filled.length - 1];
			const end = last ? last.id.clock + last.length : s.id.clock;
			if (end < s.id.clock) filled.push(new Y.Skip(Y.createID(client, end), s.id.clock - end));
			filled.push(s);
		}
		encoding.writeVarUint(e.restEncoder, filled.length);
		e.writeClient(client);
		encoding.writeVarUint(e.restEncoder, filled[0].id.clock);
		for (const s of filled) s.write(e, 0);
	}
	encoding.writeVarUint(e.restEncoder, 0); // no deletions: they come last
	return e.toUint8Array();
}

/** An update of no structs and `ds`'s deletions. */
function deleteSetUpdate(ds: ReturnType<typeof Y.decodeUpdate>['ds']): Uint8Array {
	const e = new Y.UpdateEncoderV1();
	encoding.writeVarUint(e.restEncoder, 0);
	encoding.writeVarUint(e.restEncoder, ds.clients.size);
	for (const [client, items] of ds.clients) {
		e.resetDsCurVal();
		encoding.writeVarUint(e.restEncoder, client);
		encoding.writeVarUint(e.restEncoder, items.length);
		for (const item of items) {
			e.writeDsClock(item.clock);
			e.writeDsLen(item.len);
		}
	}
	return e.toUint8Array();
}

/** Roughly what a struct costs to encode and apply: its content's length, plus its header. */
function approximateSize(s: Struct): number {
	if (!(s instanceof Y.Item)) return 8;
	const content = s.content as { str?: string; arr?: unknown[]; content?: Uint8Array };
	if (typeof content.str === 'string') return 24 + content.str.length;
	if (content.content instanceof Uint8Array) return 24 + content.content.byteLength;
	if (Array.isArray(content.arr))
		return content.arr.reduce<number>((n, v) => n + (typeof v === 'string' ? v.length : 16), 24);
	return 24 + s.length;
}
