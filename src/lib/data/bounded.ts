/**
 * Bounds a wait on storage, a worker or the network: the promise's value, or `fallback` once
 * `ms` have passed (or when it rejects). The open path never waits on anything unbounded, so a
 * read that never settles only makes it slower, never stuck.
 */
export function within<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve(fallback), ms);
		promise.then(
			(value) => {
				clearTimeout(timer);
				resolve(value);
			},
			() => {
				clearTimeout(timer);
				resolve(fallback);
			}
		);
	});
}
