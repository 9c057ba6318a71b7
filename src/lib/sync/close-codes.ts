/**
 * What each websocket close code from the relay means for the app: whether to try again, and
 * what to tell the person in front of the screen.
 */

export type CloseAction =
	/** The relay refused this link: retrying cannot help until the person gets a new one. */
	| 'refuse'
	/** Retrying would send the same bytes again: stop until the person asks to reconnect. */
	| 'stop'
	/** The relay is overloaded: try again, but not soon. */
	| 'retry-later'
	/** A transient drop: reconnect with the usual backoff. */
	| 'reconnect';

export interface CloseMeaning {
	action: CloseAction;
	message: string;
}

const KEPT = 'Your changes are kept on this device.';

const MEANINGS: Record<number, CloseMeaning> = {
	4401: {
		action: 'refuse',
		message:
			'This link does not give access to this workspace. Ask the workspace owner for a new invite link.'
	},
	4403: {
		action: 'refuse',
		message: 'This invite was revoked. Ask the workspace owner for a new link.'
	},
	4404: {
		action: 'refuse',
		message:
			'This workspace does not exist on the relay. It may have been deleted, or the link points to another relay.'
	},
	4400: {
		action: 'stop',
		message: `The relay could not read a message from this device, so syncing stopped. ${KEPT} Reload the page to try again.`
	},
	4413: {
		action: 'stop',
		message: `A change is too large for the relay to accept, so syncing stopped. ${KEPT} Reload the page to try again.`
	},
	4429: {
		action: 'retry-later',
		message: `This device sent too many changes too fast; syncing resumes in a moment. ${KEPT}`
	},
	4430: {
		action: 'retry-later',
		message: `Too many devices are connected to this workspace right now; syncing resumes in a moment. ${KEPT}`
	},
	4408: {
		action: 'reconnect',
		message: `This device could not keep up with the changes the relay was sending, so the relay dropped the connection; reconnecting. ${KEPT}`
	},
	1001: {
		action: 'reconnect',
		message: `The relay is restarting; reconnecting. ${KEPT}`
	}
};

const DROPPED: CloseMeaning = {
	action: 'reconnect',
	message: `The connection to the relay dropped; reconnecting. ${KEPT}`
};

export function describeClose(code: number): CloseMeaning {
	return MEANINGS[code] ?? DROPPED;
}

/**
 * Delay before trying again after a 'retry-later' close: grows with repeated refusals, and is
 * spread (±25 %) so that many devices refused together do not all come back at once.
 */
export function retryLaterDelay(attempt: number, random: () => number = Math.random): number {
	const base = Math.min(5_000 * 2 ** Math.max(0, attempt - 1), 60_000);
	return Math.round(base * (0.75 + 0.5 * random()));
}
