/**
 * Numbered document migrations (after tldraw's migration sequences): ids count up by one
 * from crm/1, so every peer agrees on what "version 3" means. The data layer supplies the
 * bodies; this module only keeps the sequence honest.
 */

export type MigrationId = `crm/${number}`;

export interface Migration {
	id: MigrationId;
	description: string;
}

const ID = /^crm\/([1-9]\d*)$/;

/** The number in a migration id ("crm/3" → 3), or NaN when the id is malformed. */
export function migrationNumber(id: string): number {
	const m = ID.exec(id);
	return m ? Number(m[1]) : NaN;
}

/** Throws, naming the first offender, unless the ids are crm/1, crm/2, … with no gap. */
export function validateMigrationSequence(ms: readonly Migration[]): void {
	ms.forEach((m, i) => {
		const expected = `crm/${i + 1}`;
		if (migrationNumber(m.id) !== i + 1) {
			throw new Error(
				`Migration ${i + 1} of ${ms.length} has id "${m.id}", expected "${expected}": ids count up by one from crm/1.`
			);
		}
		if (typeof m.description !== 'string' || m.description.trim() === '') {
			throw new Error(`Migration ${m.id} has no description.`);
		}
	});
}

/**
 * The migrations a document at `version` (the number of the last one applied; 0 = none)
 * still needs. A document newer than this app needs none here: the data layer should then
 * keep unknown fields and may warn that the app is out of date.
 */
export function pendingMigrations<M extends Migration>(ms: readonly M[], version: number): M[] {
	validateMigrationSequence(ms);
	if (!Number.isInteger(version) || version < 0) {
		throw new Error(`Document version must be a whole number from 0, got ${String(version)}.`);
	}
	return ms.slice(version);
}
