import { preloadCode } from '$app/navigation';
import { warmTypeScale } from './type-scale-warmup';

/**
 * A page's code fetched once, at the first idle moment (at most `limitMs` later when given), so
 * the first click on a link to it — or Enter on a row, which no hover preloads — does not wait
 * for the fetch behind the work of the page it is clicked on; the type scale's fonts are made
 * ready at the same moment (type-scale-warmup.ts). Call the returned function from an
 * $effect with the address to preload (null: none yet); it returns what cancels a pending fetch.
 */
export function pageCodeWhenIdle(limitMs?: number): (url: string | null) => () => void {
	let loaded = false;
	return (url) => {
		if (loaded || !url || typeof requestIdleCallback !== 'function') return () => {};
		const idle = requestIdleCallback(
			() => {
				loaded = true;
				preloadCode(url).catch(() => {}); // only a later first click is slower
				warmTypeScale();
			},
			limitMs === undefined ? undefined : { timeout: limitMs }
		);
		return () => cancelIdleCallback(idle);
	};
}
