import { UndoManager } from 'yjs';

/**
 * Every write to a workspace document is tagged with one of these origins, so listeners
 * can tell a person's edit from a load, a migration or the history log. Undo tracks only
 * LOCAL_EDIT; the history log records LOCAL_EDIT and undo/redo, never a peer's update
 * (peers log their own edits, and those entries sync).
 */
export const LOCAL_EDIT = Symbol('local-edit');
export const HISTORY_LOG = Symbol('history-log');
export const MIGRATION = Symbol('migration');
export const IMPORT = Symbol('import');
/** What DeviceDocs applies from the device's database: not an edit, and never stored again. */
export const DEVICE_LOAD = Symbol('device-load');
/** Values derived from other records (a person's last contact, from the interactions). */
export const DERIVED = Symbol('derived');
/** Bookkeeping a person did not do by hand (naming a new workspace, joining): not undoable. */
export const SETUP = Symbol('setup');

/** Origins whose changes count as this device's own (for "changes not yet confirmed"). */
export function isLocalOrigin(origin: unknown): boolean {
	return (
		origin === LOCAL_EDIT ||
		origin === HISTORY_LOG ||
		origin === MIGRATION ||
		origin === IMPORT ||
		origin === SETUP ||
		origin === DERIVED ||
		origin === null ||
		origin instanceof UndoManager
	);
}
