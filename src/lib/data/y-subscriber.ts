/** Bridges a Yjs type's changes to Svelte's reactivity (STYLE.md: createSubscriber). */
import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';

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
