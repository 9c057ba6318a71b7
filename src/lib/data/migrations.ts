/**
 * Document migrations, numbered crm/1, crm/2, … Each must converge when two offline peers
 * both run it and then merge: write only values that are the same on every peer (no random
 * ids, no timestamps), and never delete a key a newer client may still use.
 */
import { validateMigrationSequence, type Migration } from '$lib/domain/migrations';
import type { Layout } from './layout';
import { MIGRATION } from './origins';

interface DocMigration extends Migration {
	up(layout: Layout): void;
}

export const MIGRATIONS: DocMigration[] = [
	{
		id: 'crm/1',
		description: 'Baseline: records as a created snapshot plus one key per later edit',
		up: () => {}
	}
];
validateMigrationSequence(MIGRATIONS);

export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersionOf(layout: Layout): number {
	const v = layout.meta.get('schemaVersion');
	return typeof v === 'number' ? v : 0;
}

/** Brings the document up to this client's version; a newer document is left as it is. */
export function migrate(layout: Layout): void {
	const from = schemaVersionOf(layout);
	if (from >= SCHEMA_VERSION) return;
	layout.core.transact(() => {
		for (const m of MIGRATIONS.slice(from)) m.up(layout);
		layout.meta.set('schemaVersion', SCHEMA_VERSION);
	}, MIGRATION);
}
