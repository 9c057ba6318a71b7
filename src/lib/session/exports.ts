/**
 * Files made from a workspace for download: the people list as CSV or vCard, the whole
 * workspace as a backup. Pages reach the data layer's exports only through here.
 */
import { RECORD_TYPES, type AnyRecordType } from '$lib/domain/record-types';
import { exportBackup as backupOf } from '$lib/data/backup-export';
import { within } from '$lib/data/bounded';
import type { ExportFile } from '$lib/data/export-people';
import type { OpenWorkspace } from './session.svelte';

export { exportPeopleCsv, exportPeopleVCard, type ExportFile } from '$lib/data/export-people';

/** How long one closed month may take to come from the relay for a backup. */
const MONTH_LIMIT_MS = 60_000;

/**
 * The whole workspace as a backup: every month of interactions (the closed ones opened, from
 * the device or else the relay) and every attached file's bytes. What cannot be had fails the
 * backup with what to do, never a backup silently missing part of the workspace.
 */
export async function exportBackup(open: OpenWorkspace): Promise<ExportFile> {
	const families = (RECORD_TYPES as readonly AnyRecordType[])
		.filter((t) => t.placedByMonth)
		.map((t) => t.collection);
	const connection = open.connection;
	const missing = await open.device.openWhole(families, async (name) => {
		if (!connection) throw new Error('no relay');
		if ((await within(connection.synced(name), MONTH_LIMIT_MS, false as const)) === false)
			throw new Error(`${name} did not arrive`);
	});
	if (missing.length > 0)
		throw new Error(
			`${missing.length} ${missing.length === 1 ? 'month' : 'months'} of the timeline ${missing.length === 1 ? 'is' : 'are'} neither on this device nor reachable at the relay. Connect and export again.`
		);
	return backupOf(open.workspace, new Date(), async (hash) => {
		const read = await open.files.get(hash);
		return read.ok ? new Uint8Array(await read.blob.arrayBuffer()) : { problem: read.message };
	});
}
