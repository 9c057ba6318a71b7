/**
 * The workspace's value tiers (where Medium and High start), in the core document's meta map:
 * one key per tier (domain/purchases/tiers.ts), read reactively, written as one undoable edit.
 */
import type * as Y from 'yjs';
import {
	readTierFloors,
	tierFloorsProblem,
	tierKey,
	type TierFloors
} from '$lib/domain/purchases/tiers';
import { LOCAL_EDIT } from './origins';
import type { Workspace } from './workspace.svelte';
import { subscriberOf } from './y-subscriber';

export class ValueTierSettings {
	private readonly subscribe: () => void;

	constructor(
		private readonly doc: Y.Doc,
		private readonly meta: Y.Map<unknown>
	) {
		this.subscribe = subscriberOf(meta, false);
	}

	/** The floors in force (reactive). */
	get floors(): TierFloors {
		this.subscribe();
		return readTierFloors((key) => this.meta.get(key));
	}

	/** Saves the floors that changed; refuses floors that cannot be used. */
	save(floors: TierFloors): void {
		const problem = tierFloorsProblem(floors.medium, floors.high);
		if (problem) throw new Error(problem);
		const current = this.floors;
		this.doc.transact(() => {
			for (const tier of ['medium', 'high'] as const)
				if (floors[tier] !== current[tier]) this.meta.set(tierKey(tier), floors[tier]);
		}, LOCAL_EDIT);
	}
}

const settings = new WeakMap<Workspace, ValueTierSettings>();

/** The value tiers of an open workspace (one reader per workspace). */
export function valueTiersOf(ws: Workspace): ValueTierSettings {
	let s = settings.get(ws);
	if (!s) settings.set(ws, (s = new ValueTierSettings(ws.docs.core, ws.layout.meta)));
	return s;
}
