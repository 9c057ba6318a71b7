/** Undo and redo of this person's own edits (a peer's edits are never undone from here). */
import { createSubscriber } from 'svelte/reactivity';
import * as Y from 'yjs';
import type { Collection, Layout } from './layout';
import { LOCAL_EDIT } from './origins';

export class UndoController {
	readonly manager: Y.UndoManager;
	private readonly subscribe: () => void;

	constructor(layout: Layout) {
		this.manager = new Y.UndoManager(
			[...Object.values<Collection>(layout.collections), layout.customFields, layout.meta],
			{ trackedOrigins: new Set([LOCAL_EDIT]), captureTimeout: 600 }
		);
		this.subscribe = createSubscriber((update) => {
			const events = ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const;
			for (const e of events) this.manager.on(e, update);
			return () => events.forEach((e) => this.manager.off(e, update));
		});
	}

	get canUndo(): boolean {
		this.subscribe();
		return this.manager.canUndo();
	}

	get canRedo(): boolean {
		this.subscribe();
		return this.manager.canRedo();
	}

	undo(): void {
		this.manager.undo();
	}

	redo(): void {
		this.manager.redo();
	}

	/** The next edit starts its own undo step (e.g. after a bulk action). */
	stopCapturing(): void {
		this.manager.stopCapturing();
	}

	destroy(): void {
		this.manager.destroy();
	}
}
