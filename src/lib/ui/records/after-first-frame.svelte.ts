/**
 * Whether the page's first frame has been drawn and the browser has had a moment since: what a
 * record's page can show a moment later (orders, buying pattern, notes, files, history) waits
 * for it, so opening a record draws its fields and timeline first. Call during a component's
 * initialisation; `ready` turns true once, at the first idle moment after the first frame, and
 * at most IDLE_LIMIT_MS after it on a busy machine.
 */
import { afterFrame } from './after-frame';

const IDLE_LIMIT_MS = 250;

export function afterFirstFrame(): { readonly ready: boolean } {
	let ready = $state(false);
	$effect(() => afterFrame(() => (ready = true), IDLE_LIMIT_MS));
	return {
		get ready() {
			return ready;
		}
	};
}
