/**
 * What every field of an open record needs from its page: whether edits are allowed, and which
 * peer (if any) is editing that field. Set once by the page, read by the field components.
 */
import { getContext, setContext } from 'svelte';

/** A peer as presence reports it; `field` null means only viewing the record. */
export interface PeerOnRecord {
	clientId: number;
	memberId: string;
	name: string;
	color: string;
	recordId: string | null;
	field: string | null;
}

export interface RecordContext {
	readonly readOnly: boolean;
	peerOn(field: string): PeerOnRecord | undefined;
}

const KEY = Symbol('record-context');

export function setRecordContext(ctx: RecordContext): void {
	setContext(KEY, ctx);
}

const NONE: RecordContext = { readOnly: false, peerOn: () => undefined };

export function getRecordContext(): RecordContext {
	return getContext<RecordContext | undefined>(KEY) ?? NONE;
}

/**
 * Presence follows focus with one pair of handlers on the form: the focused element's closest
 * `[data-field]` names the field, so no input has to wire presence itself.
 */
export function focusTracker(
	recordId: () => string,
	setFocus: (focus: { recordId: string | null; field: string | null }) => void
) {
	const fieldOf = (el: EventTarget | null): string | null =>
		el instanceof Element ? (el.closest('[data-field]')?.getAttribute('data-field') ?? null) : null;
	return {
		onfocusin(e: FocusEvent) {
			setFocus({ recordId: recordId(), field: fieldOf(e.target) });
		},
		onfocusout(e: FocusEvent) {
			// Moving within one field (e.g. Email 1 to Email 1 label) is not leaving it.
			if (fieldOf(e.relatedTarget) !== null) return;
			setFocus({ recordId: recordId(), field: null });
		}
	};
}
