// Every entry point the network can reach (an HTTP request, an upgrade, a websocket message, a
// timer that acts on what clients sent) runs inside a fence: whatever it throws, synchronously
// or as a rejected promise, is logged and handed to `onError`, never to the process.
import { log } from './log.ts';

export function fenced<A extends unknown[]>(
	name: string,
	handler: (...args: A) => unknown,
	onError?: (error: unknown, ...args: A) => void
): (...args: A) => void {
	const failed = (error: unknown, args: A) => {
		log('handler_failed', { handler: name, error: describe(error) });
		if (!onError) return;
		try {
			onError(error, ...args);
		} catch (again) {
			log('handler_failed', { handler: `${name} (cleanup)`, error: describe(again) });
		}
	};
	return (...args: A): void => {
		try {
			const result = handler(...args);
			if (result instanceof Promise) result.catch((error: unknown) => failed(error, args));
		} catch (error) {
			failed(error, args);
		}
	};
}

function describe(error: unknown): string {
	return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
