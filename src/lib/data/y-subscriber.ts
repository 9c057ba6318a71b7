/** Bridges a Yjs type's changes to Svelte's reactivity (STYLE.md: createSubscriber). */
import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';
import type { HistoryPartitions } from './history-partitions';
import type { StoredChange } from './layout';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Yjs type: Map, Array, Text
export function subscriberOf(type: Y.AbstractType<any>, deep = true): () => void {
	return createSubscriber((update) => {
		if (deep) {
			type.observeDeep(update);
			return () => type.unobserveDeep(update);
		}
		type.observe(update);
		return () => type.unobserve(update);
	});
}

/** Changes to the history log, in every partition, now and as partitions open. */
export function historySubscriber(history: HistoryPartitions): () => void {
	return createSubscriber((update) => {
		const observed: (Y.Array<StoredChange> | Y.Map<StoredChange>)[] = [];
		const stop = history.onPartition((array, migrated) => {
			array.observe(update);
			migrated.observe(update);
			observed.push(array, migrated);
			update();
		});
		return () => {
			stop();
			for (const type of observed) type.unobserve(update);
		};
	});
}
