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
	subject?: string;
}

class LogRequests {
	/** The record on screen: what a new interaction links to by default. */
	context = $state<LogPrefill | null>(null);
	/** An open request the form takes (and clears). */
	request = $state<LogPrefill | null>(null);

	/** Opens the form, linked to the record on screen and then to `prefill`. */
	open(prefill: LogPrefill = {}): void {
		this.request = { ...this.context, ...prefill };
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
