/**
 * Undo and redo of this person's own edits (a peer's edits are never undone from here), across
 * the workspace's documents. Each document has its own Y.UndoManager (Yjs tracks one document
 * per manager); a step is what one action pushed on any of them — a merge touches the kept
 * record's shard, the other's and the core — and is undone or redone as one.
 */
import { createSubscriber } from 'svelte/reactivity';
import * as Y from 'yjs';
import type { Layout } from './layout';
import { LOCAL_EDIT } from './origins';
import { familyOf } from './shards';

/** How many items each manager pushed for one step. */
type Step = Map<Y.UndoManager, number>;

/** Quick edits within this long are one step, as one manager's captureTimeout would make them. */
const CAPTURE_MS = 600;

export class UndoController {
	private readonly managers = new Map<Y.Doc, Y.UndoManager>();
	private readonly undoSteps: Step[] = [];
	private redoSteps: Step[] = [];
	/** The step being filled: by an edit (until CAPTURE_MS pass or stopCapturing), an undo or a redo. */
	private open: { step: Step; into: 'undo' | 'redo'; at: number } | null = null;
	private replaying: 'undo' | 'redo' | null = null;
	private grouping = 0;
	private readonly notify = new Set<() => void>();
	private readonly subscribe = createSubscriber((update) => {
		this.notify.add(update);
		return () => this.notify.delete(update);
	});
	private readonly stopWatching: () => void;

	constructor(private readonly layout: Layout) {
		const collections = new Set<string>(Object.keys(layout.collections));
		this.stopWatching = layout.docs.onDoc((name, doc) => {
			if (doc === layout.core) this.track(doc, [layout.customFields, layout.meta]);
			// A shard holds its collection's map and the records' root texts (record-texts.ts).
			else if (collections.has(familyOf(name))) this.track(doc, doc);
		});
	}

	get canUndo(): boolean {
		this.subscribe();
		return this.undoSteps.length > 0;
	}

	get canRedo(): boolean {
		this.subscribe();
		return this.redoSteps.length > 0;
	}

	/** Whether a transaction's origin is one of this controller's undos or redos. */
	isUndoOrigin(origin: unknown): boolean {
		return origin instanceof Y.UndoManager && this.managers.get(origin.doc) === origin;
	}

	undo(): void {
		this.replay(this.undoSteps, 'undo');
	}

	redo(): void {
		this.replay(this.redoSteps, 'redo');
	}

	/** The next edit starts its own undo step (e.g. after a bulk action). */
	stopCapturing(): void {
		if (this.grouping > 0) return;
		this.open = null;
		for (const manager of this.managers.values()) manager.stopCapturing();
	}

	/** Everything `fn` writes, in any document, is one undo step of its own. */
	group<T>(fn: () => T): T {
		this.stopCapturing();
		this.grouping++;
		try {
			return fn();
		} finally {
			this.grouping--;
			this.stopCapturing();
		}
	}

	destroy(): void {
		this.stopWatching();
		for (const manager of this.managers.values()) manager.destroy();
		this.managers.clear();
	}

	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- maps of any content
	private track(doc: Y.Doc, scope: Y.Doc | Y.AbstractType<any>[]): void {
		const manager = new Y.UndoManager(scope, {
			trackedOrigins: new Set([LOCAL_EDIT]),
			captureTimeout: CAPTURE_MS
		});
		this.managers.set(doc, manager);
		manager.on('stack-item-added', (event: { type: 'undo' | 'redo' }) =>
			this.added(manager, event.type)
		);
	}

	private added(manager: Y.UndoManager, stack: 'undo' | 'redo'): void {
		const now = performance.now();
		if (this.replaying === null && stack === 'undo') {
			// A new edit: what could be redone is gone, on every document.
			for (const step of this.redoSteps) for (const m of step.keys()) m.clear(false, true);
			this.redoSteps = [];
			const expired = this.grouping === 0 && now - (this.open?.at ?? 0) > CAPTURE_MS;
			if (!this.open || this.open.into !== 'undo' || expired) this.begin('undo', now);
		}
		const open = this.open!;
		open.at = now;
		open.step.set(manager, (open.step.get(manager) ?? 0) + 1);
		for (const update of this.notify) update();
	}

	private begin(into: 'undo' | 'redo', at: number): void {
		const step: Step = new Map();
		(into === 'undo' ? this.undoSteps : this.redoSteps).push(step);
		this.open = { step, into, at };
	}

	/** Undoes (or redoes) the newest step on every manager it touched, as one new opposite step. */
	private replay(from: Step[], kind: 'undo' | 'redo'): void {
		const step = from.pop();
		if (!step) return;
		this.stopCapturing();
		this.replaying = kind;
		this.begin(kind === 'undo' ? 'redo' : 'undo', performance.now());
		try {
			for (const [manager, count] of step) for (let i = 0; i < count; i++) manager[kind]();
		} finally {
			this.replaying = null;
			const done = this.open!.step;
			if (done.size === 0) (kind === 'undo' ? this.redoSteps : this.undoSteps).pop();
			this.open = null;
		}
		for (const update of this.notify) update();
	}
}
