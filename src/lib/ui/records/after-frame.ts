/**
 * Runs `fn` at the first idle moment after the next frame is drawn (at most `limitMs` after the
 * frame when the thread is never idle); returns what cancels it. Without requestIdleCallback
 * (Safari), right after the frame's task.
 */
export function afterFrame(fn: () => void, limitMs: number): () => void {
	let idle: number | undefined;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const frame = requestAnimationFrame(() => {
		if (typeof requestIdleCallback === 'function')
			idle = requestIdleCallback(fn, { timeout: limitMs });
		else timer = setTimeout(fn, 0);
	});
	return () => {
		cancelAnimationFrame(frame);
		if (idle !== undefined) cancelIdleCallback(idle);
		if (timer !== undefined) clearTimeout(timer);
	};
}
