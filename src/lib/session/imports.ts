/**
 * Past imports of a workspace, for the import page: listed (reactively, from any device) and
 * reverted in one step. Pages reach the data layer's import records only through here.
 */
export { ImportHistory } from '$lib/data/import-history.svelte';
export { revertImport, type RevertResult } from '$lib/data/import-revert';
export type { ImportBatch } from '$lib/data/import-batch';
export type { ChunkProgress } from '$lib/data/import-run';
