import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { ConfirmationCounter, EDIT_QUIET_MS } from './confirmation-counter';
import { editKey } from './edit-key';
import { SYNC_STEP_1, SYNC_STEP_2, SYNC_UPDATE } from './wire';

/** A connection's opening: our step 1, then our step 2 in answer to the relay's step 1. */
function connect(counter: ConfirmationCounter): void {
	counter.startConnection();
	counter.recordSent(SYNC_STEP_1);
	counter.recordSent(SYNC_STEP_2);
}

describe('ConfirmationCounter', () => {
	it('confirms a live change when the message carrying it is acked', () => {
		const counter = new ConfirmationCounter();
		connect(counter);
		expect(counter.acknowledge(2)).toBe(false);
		counter.recordChange();
		counter.recordSent(SYNC_UPDATE);
		expect(counter.pending).toBe(1);
		expect(counter.acknowledge(3)).toBe(true);
		expect(counter.pending).toBe(0);
	});

	it('confirms changes one message at a time', () => {
		const counter = new ConfirmationCounter();
		connect(counter);
		for (let i = 0; i < 3; i++) {
			counter.recordChange();
			counter.recordSent(SYNC_UPDATE);
		}
		counter.acknowledge(3); // step 1, step 2 and the first update
		expect(counter.pending).toBe(2);
		counter.acknowledge(4);
		expect(counter.pending).toBe(1);
		counter.acknowledge(5);
		expect(counter.pending).toBe(0);
	});

	it('does not confirm offline changes when only sync step 1 is acked', () => {
		const counter = new ConfirmationCounter();
		counter.recordChange();
		counter.recordChange();
		counter.startConnection();
		counter.recordSent(SYNC_STEP_1);
		expect(counter.acknowledge(1)).toBe(false);
		expect(counter.pending).toBe(2);
		counter.recordSent(SYNC_STEP_2);
		counter.acknowledge(2);
		expect(counter.pending).toBe(0);
	});

	it('does not let an update sent before step 2 confirm older offline changes', () => {
		const counter = new ConfirmationCounter();
		counter.recordChange(); // made offline, not yet sent
		counter.startConnection();
		counter.recordSent(SYNC_STEP_1);
		counter.recordChange(); // made while connecting, sent as an update at once
		counter.recordSent(SYNC_UPDATE);
		counter.acknowledge(2);
		expect(counter.pending).toBe(2);
		counter.recordSent(SYNC_STEP_2);
		counter.acknowledge(3);
		expect(counter.pending).toBe(0);
	});

	it('keeps a change made after the last send pending', () => {
		const counter = new ConfirmationCounter();
		connect(counter);
		counter.recordChange();
		counter.acknowledge(2);
		expect(counter.pending).toBe(1);
	});

	it('ignores stale, repeated, impossible and malformed acks', () => {
		const counter = new ConfirmationCounter();
		connect(counter);
		counter.recordChange();
		counter.recordSent(SYNC_UPDATE);
		counter.recordChange();
		counter.recordSent(SYNC_UPDATE);
		expect(counter.acknowledge(3)).toBe(true);
		expect(counter.acknowledge(3)).toBe(false);
		expect(counter.acknowledge(1)).toBe(false);
		expect(counter.acknowledge(Number.NaN)).toBe(false);
		expect(counter.acknowledge(2.5)).toBe(false);
		expect(counter.pending).toBe(1);
		// more than was sent: a relay bug, nothing is confirmed on its word
		expect(counter.acknowledge(5)).toBe(false);
		expect(counter.pending).toBe(1);
		expect(counter.acknowledge(4)).toBe(true);
		expect(counter.pending).toBe(0);
		expect(counter.inFlight).toBe(0);
	});

	it('counts messages from zero on each new connection', () => {
		const counter = new ConfirmationCounter();
		connect(counter);
		counter.recordChange();
		counter.recordSent(SYNC_UPDATE); // lost with the connection
		counter.startConnection();
		counter.recordSent(SYNC_STEP_1);
		counter.acknowledge(1);
		expect(counter.pending).toBe(1);
		counter.recordSent(SYNC_STEP_2);
		counter.acknowledge(2);
		expect(counter.pending).toBe(0);
	});

	it('confirms changes left from an earlier session with the next sync step 2', () => {
		const counter = new ConfirmationCounter(5);
		expect(counter.pending).toBe(5);
		connect(counter);
		counter.acknowledge(1);
		expect(counter.pending).toBe(5);
		counter.acknowledge(2);
		expect(counter.pending).toBe(0);
	});

	it('refuses a negative or fractional starting count', () => {
		expect(() => new ConfirmationCounter(-1)).toThrow(RangeError);
		expect(() => new ConfirmationCounter(1.5)).toThrow(RangeError);
	});

	it('never confirms a change the relay has not stored, and confirms all once everything is acked', () => {
		type Op =
			| { kind: 'change' }
			| { kind: 'connect' }
			| { kind: 'relayStep1' }
			| { kind: 'drop' }
			| { kind: 'ack'; fraction: number };
		const op: fc.Arbitrary<Op> = fc.oneof(
			fc.constant({ kind: 'change' } as const),
			fc.constant({ kind: 'connect' } as const),
			fc.constant({ kind: 'relayStep1' } as const),
			fc.constant({ kind: 'drop' } as const),
			fc
				.double({ min: 0, max: 1, noNaN: true })
				.map((fraction) => ({ kind: 'ack', fraction }) as const)
		);
		fc.assert(
			fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
				const counter = new ConfirmationCounter();
				let changes = 0;
				const durable = new Set<number>();
				let open = false;
				let sent: number[][] = []; // the changes each message of this connection carries
				let acked = 0;
				const send = (syncType: number, carries: number[]) => {
					counter.recordSent(syncType);
					sent.push(carries);
				};
				const check = () => {
					const confirmed = changes - counter.pending;
					for (let i = 1; i <= confirmed; i++) expect(durable.has(i)).toBe(true);
				};
				for (const o of ops) {
					if (o.kind === 'change') {
						changes++;
						counter.recordChange();
						if (open) send(SYNC_UPDATE, [changes]);
					} else if (o.kind === 'connect' && !open) {
						open = true;
						sent = [];
						acked = 0;
						counter.startConnection();
						send(SYNC_STEP_1, []);
					} else if (o.kind === 'relayStep1' && open) {
						send(
							SYNC_STEP_2,
							Array.from({ length: changes }, (_, i) => i + 1)
						);
					} else if (o.kind === 'drop') {
						open = false;
					} else if (o.kind === 'ack' && open) {
						const n = acked + Math.round(o.fraction * (sent.length - acked));
						for (let i = acked; i < n; i++) for (const c of sent[i]) durable.add(c);
						acked = Math.max(acked, n);
						counter.acknowledge(n);
					}
					check();
				}
				// Finally a clean connection that is fully acked confirms everything.
				counter.startConnection();
				counter.recordSent(SYNC_STEP_1);
				counter.recordSent(SYNC_STEP_2);
				counter.acknowledge(2);
				expect(counter.pending).toBe(0);
			}),
			{ numRuns: 300 }
		);
	});
});

describe('ConfirmationCounter on a connection that already carried the document', () => {
	it('counts the relay’s acks from the messages sent before it', () => {
		const counter = new ConfirmationCounter();
		counter.startConnection(3); // an earlier counter of the document sent three
		counter.recordSent(SYNC_STEP_1);
		counter.recordSent(SYNC_STEP_2);
		counter.recordChange();
		counter.recordSent(SYNC_UPDATE);
		expect(counter.acknowledge(3)).toBe(false); // the earlier ones: nothing of ours
		expect(counter.pending).toBe(1);
		expect(counter.acknowledge(6)).toBe(true);
		expect(counter.pending).toBe(0);
	});
});

describe('ConfirmationCounter counts edits, not keystrokes (issue #18)', () => {
	/** One keystroke: a transaction of its own, sent at once. */
	function type(counter: ConfirmationCounter, at: number): void {
		counter.recordChange(at);
		counter.recordSent(SYNC_UPDATE);
	}

	it('three edits typed as 27 keystrokes are 3 changes, confirmed edit by edit', () => {
		const counter = new ConfirmationCounter();
		connect(counter); // 2 messages
		let t = 10_000;
		for (let edit = 0; edit < 3; edit++) {
			for (let key = 0; key < 9; key++) type(counter, (t += 120));
			t += EDIT_QUIET_MS + 500; // the user pauses, then edits something else
		}
		expect(counter.pending).toBe(3);
		// The first edit's last keystroke (message 2 + 9) confirmed: one edit left behind it.
		expect(counter.acknowledge(2 + 5)).toBe(false);
		expect(counter.pending).toBe(3);
		expect(counter.acknowledge(2 + 9)).toBe(true);
		expect(counter.pending).toBe(2);
		expect(counter.acknowledge(2 + 27)).toBe(true);
		expect(counter.pending).toBe(0);
	});

	it('a change right after a confirmed edit is a new edit, never hidden in the old one', () => {
		const counter = new ConfirmationCounter();
		connect(counter);
		type(counter, 1_000);
		counter.acknowledge(3);
		expect(counter.pending).toBe(0);
		type(counter, 1_100); // within the quiet time, but the edit before is confirmed
		expect(counter.pending).toBe(1);
		counter.acknowledge(4);
		expect(counter.pending).toBe(0);
	});

	it('writes to different records at once are separate edits', () => {
		const counter = new ConfirmationCounter();
		counter.recordChange(1_000, 'p1');
		counter.recordChange(1_010, 'p2');
		counter.recordChange(1_020, 'p2');
		expect(counter.pending).toBe(2);
	});

	it('offline typing is one edit per pause, all confirmed by the sync step 2 on reconnect', () => {
		const counter = new ConfirmationCounter();
		for (let i = 0; i < 20; i++) counter.recordChange(5_000 + i * 200);
		counter.recordChange(50_000);
		expect(counter.pending).toBe(2);
		connect(counter);
		counter.acknowledge(2);
		expect(counter.pending).toBe(0);
	});
});

describe('editKey', () => {
	it('names the records a transaction touched, nested edits by their record', () => {
		const doc = new Y.Doc();
		const people = doc.getMap<Y.Map<unknown>>('people');
		const keys: string[] = [];
		doc.on('update', (_u: Uint8Array, _o: unknown, _d: Y.Doc, tr: Y.Transaction) =>
			keys.push(editKey(tr))
		);
		const ada = new Y.Map<unknown>();
		people.set('p1', ada);
		ada.set('notes', new Y.Text());
		(ada.get('notes') as Y.Text).insert(0, 'hi');
		ada.set('firstName', 'Ada');
		doc.transact(() => {
			people.set('p2', new Y.Map());
			ada.set('lastName', 'L');
		});
		expect(keys).toEqual(['p1', 'p1', 'p1', 'p1', 'p1\np2']);
	});
});
