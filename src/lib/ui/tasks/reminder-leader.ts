/**
 * One tab per device speaks for the reminders (a system notification, the "shown" mark), so two
 * open tabs do not ring twice. The Web Locks API hands the lock to one tab and, when it closes,
 * to the next; where it is missing, every tab leads (and the shared "shown" mark still holds
 * the other devices back).
 */
export function leadReminders(key: string, onLead: (leading: boolean) => void): () => void {
	const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
	if (!locks) {
		onLead(true);
		return () => onLead(false);
	}
	const abort = new AbortController();
	let release: (() => void) | null = null;
	locks
		.request(`crm-reminders:${key}`, { signal: abort.signal }, () => {
			onLead(true);
			return new Promise<void>((resolve) => (release = resolve));
		})
		.catch(() => {
			// aborted while waiting: this tab is gone
		});
	return () => {
		abort.abort();
		release?.();
		onLead(false);
	};
}

/** Shows a system notification where the user allowed them; false when not shown. */
export function systemNotify(title: string, body: string, tag: string): boolean {
	if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return false;
	try {
		new Notification(title, { body, tag });
		return true;
	} catch {
		// Some mobile browsers only notify through a service worker: the in-app notice stays.
		return false;
	}
}
