/**
 * A deal's stage history: where it started and every move since, with when and by whom.
 *
 * Read from the history log rather than kept on the deal: each device appends its own edits
 * to the log (an append-only array, history-log.ts), so two people moving the same deal at
 * once — online or offline — both leave their move there, while the deal's `stage` keeps one
 * (the last write). A list kept in a field of the deal would lose one of the two moves; a
 * shared list created on the deal by two offline devices would lose one device's entries.
 * The log covers the months open on the device (older ones open on demand, like History).
 */
import type { FieldChange } from '../records';

export interface StageStep {
	/** The stage id it reached. */
	stage: string;
	at: number;
	/** Member id. */
	by: string;
	/** The stage it came from; null for where the deal started. */
	from: string | null;
}

/**
 * The steps in time order: the creation (at the stage before the first logged move, else the
 * current one) and each logged stage change. Moves at the same moment keep a stable order.
 */
export function stageHistory(
	deal: { stage: string; createdAt: number; createdBy: string },
	changes: readonly FieldChange[]
): StageStep[] {
	const moves = changes
		.filter((c) => c.field === 'stage' && typeof c.to === 'string')
		.map((c) => ({
			stage: c.to as string,
			at: c.at,
			by: c.by,
			from: typeof c.from === 'string' ? c.from : null
		}))
		.sort((a, b) => a.at - b.at || a.by.localeCompare(b.by) || a.stage.localeCompare(b.stage));
	const start = moves[0]?.from ?? deal.stage;
	return [{ stage: start, at: deal.createdAt, by: deal.createdBy, from: null }, ...moves];
}
