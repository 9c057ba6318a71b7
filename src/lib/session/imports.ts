/**
 * Past imports of a workspace, for the import page: listed (reactively, from any device) and
 * reverted in one step. Pages reach the data layer's import records only through here.
 */
import { within } from '$lib/data/bounded';
import type { ImportBatch } from '$lib/data/import-batch';
import { revertImport, type RevertResult } from '$lib/data/import-revert';
import type { ChunkOptions } from '$lib/data/import-run';
import { recordType } from '$lib/domain/record-types';
import type { OpenWorkspace } from './session.svelte';

export { ImportHistory } from '$lib/data/import-history.svelte';
export { revertImport, type RevertResult } from '$lib/data/import-revert';
export type { ImportBatch } from '$lib/data/import-batch';
export type { ChunkProgress } from '$lib/data/import-run';

/** How long one closed month may take to come from the relay before a revert. */
const MONTH_LIMIT_MS = 60_000;

/**
 * Reverts an import from the list of past imports. Records placed by month (an order import's
 * orders, a year of them) may sit in months not open on this device: every month of that type
 * is opened first (from the device, else the relay), so none of them is left behind; a month
 * that cannot be had fails the revert with what to do, and nothing is reverted.
 */
export async function revertImportOf(
	open: OpenWorkspace,
	batch: ImportBatch,
	opts: ChunkOptions = {}
): Promise<RevertResult> {
	const type = recordType(batch.entity);
	if (type?.placedByMonth) {
		const connection = open.connection;
		const missing = await open.device.openWhole([type.collection], async (name) => {
			if (!connection) throw new Error('no relay');
			if ((await within(connection.synced(name), MONTH_LIMIT_MS, false as const)) === false)
				throw new Error(`${name} did not arrive`);
		});
		if (missing.length > 0)
			return {
				ok: false,
				message: `${missing.length} ${missing.length === 1 ? 'month' : 'months'} of ${type.nouns[1]} ${missing.length === 1 ? 'is' : 'are'} neither on this device nor reachable at the relay. Connect and revert again.`
			};
	}
	return revertImport(open.workspace, batch.id, opts);
}
