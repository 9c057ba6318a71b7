/**
 * Asking for the "Log an interaction" form, from anywhere: a button on a record, the L key, or
 * coming back from a call started with a tel: link. The page showing a record says so
 * (setContext), and a new interaction links to that record unless the user changes it.
 */
import type { InteractionKind } from '$lib/domain/record-types/interaction';

export interface LogPrefill {
	kind?: InteractionKind;
	personIds?: string[];
	organizationId?: string | null;
	dealId?: string | null;
	/** A service request's reply or internal note. */
	requestId?: string | null;
	subject?: string;
}

/** A call or e-mail started from a record's tel: or mailto: link, to offer logging on return. */
export interface StartedContact {
	kind: 'call' | 'email';
	/** Who it was with ('Ada Lovelace'), for the offer's wording. */
	name: string;
	prefill: LogPrefill;
	at: number;
}

class LogRequests {
	/** The last call or e-mail started from a link, until the user comes back to the app. */
	started = $state<StartedContact | null>(null);

	/** The record on screen: what a new interaction links to by default. */
	context = $state<LogPrefill | null>(null);
	/** An open request the form takes (and clears). */
	request = $state<LogPrefill | null>(null);

	/** Opens the form, linked to the record on screen and then to `prefill`. */
	open(prefill: LogPrefill = {}): void {
		this.request = { ...this.context, ...prefill };
	}

	/** A tel: or mailto: link was followed: when the user comes back, offer to log it. */
	startedContact(kind: 'call' | 'email', name: string, prefill: LogPrefill = {}): void {
		this.started = { kind, name, prefill: { ...this.context, ...prefill }, at: Date.now() };
	}

	/** While a page shows a record; returns how to stop (the page's cleanup). */
	setContext(context: LogPrefill): () => void {
		this.context = context;
		return () => {
			if (this.context === context) this.context = null;
		};
	}
}

export const logRequests = new LogRequests();

const LAST_KIND = 'crm:last-interaction-kind';

/** The type the user logged last on this device: the form's default. */
export function lastKind(): InteractionKind | null {
	try {
		return (localStorage.getItem(LAST_KIND) as InteractionKind | null) ?? null;
	} catch {
		return null;
	}
}

export function rememberKind(kind: InteractionKind): void {
	try {
		localStorage.setItem(LAST_KIND, kind);
	} catch {
		// private mode or storage refused: the default is simply not remembered
	}
}
