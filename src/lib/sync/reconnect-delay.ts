/**
 * Delay before reconnecting after a drop or a failed attempt: 100 ms after a connection that
 * was up (`failures` 0), doubling with each attempt that fails, at most 10 s, and spread
 * (±50 %) so that the devices a relay restart dropped together do not all come back at once.
 * (A relay that says it is overloaded is waited for longer: close-codes.ts, retryLaterDelay.)
 */
export function reconnectDelay(failures: number, random: () => number = Math.random): number {
	const base = Math.min(100 * 2 ** Math.max(0, failures), 10_000);
	return Math.round(base * (0.5 + random()));
}
