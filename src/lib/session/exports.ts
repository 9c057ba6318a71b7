/**
 * Files made from a workspace for download: the people list as CSV or vCard, the whole
 * workspace as a backup. Pages reach the data layer's exports only through here.
 */
export { exportBackup } from '$lib/data/backup-export';
export { exportPeopleCsv, exportPeopleVCard, type ExportFile } from '$lib/data/export-people';
