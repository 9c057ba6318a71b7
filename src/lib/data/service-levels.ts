/**
 * The workspace's service levels (hours per priority), in the core document's meta map: one key
 * per priority, so two people changing different priorities at once both keep theirs. A value a
 * buggy peer stored is read as the default (domain/requests/service-level.ts).
 */
import type * as Y from 'yjs';
import { REQUEST_PRIORITIES, type RequestPriority } from '$lib/domain/record-types/request';
import {
	isServiceHours,
	readServiceLevels,
	type ServiceLevels
} from '$lib/domain/requests/service-level';
import { LOCAL_EDIT } from './origins';
import type { Workspace } from './workspace.svelte';
import { subscriberOf } from './y-subscriber';

const keyOf = (priority: RequestPriority) => `serviceHours:${priority}`;

export class ServiceLevelSettings {
	private readonly subscribe: () => void;

	constructor(
		private readonly doc: Y.Doc,
		private readonly meta: Y.Map<unknown>
	) {
		this.subscribe = subscriberOf(meta, false);
	}

	/** The levels in force (reactive). */
	get current(): ServiceLevels {
		this.subscribe();
		return readServiceLevels((p) => this.meta.get(keyOf(p)));
	}

	/** Saves the levels that changed, as one undoable edit; refuses an unusable one. */
	save(levels: Partial<ServiceLevels>): void {
		const current = this.current;
		for (const p of REQUEST_PRIORITIES) {
			const hours = levels[p];
			if (hours !== undefined && !isServiceHours(hours))
				throw new Error(`${hours} is not a service level in hours`);
		}
		this.doc.transact(() => {
			for (const p of REQUEST_PRIORITIES) {
				const hours = levels[p];
				if (hours !== undefined && hours !== current[p]) this.meta.set(keyOf(p), hours);
			}
		}, LOCAL_EDIT);
	}
}

const settings = new WeakMap<Workspace, ServiceLevelSettings>();

/** The service levels of an open workspace (one reader per workspace). */
export function serviceLevelsOf(ws: Workspace): ServiceLevelSettings {
	let s = settings.get(ws);
	if (!s) settings.set(ws, (s = new ServiceLevelSettings(ws.docs.core, ws.layout.meta)));
	return s;
}
