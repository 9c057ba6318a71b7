import { describe, expect, it } from 'vitest';
import {
	migrationNumber,
	pendingMigrations,
	validateMigrationSequence,
	type Migration
} from './migrations';

const m = (n: number, description = `step ${n}`): Migration => ({ id: `crm/${n}`, description });

describe('validateMigrationSequence', () => {
	it('accepts ids counting up by one from crm/1, and an empty list', () => {
		expect(() => validateMigrationSequence([m(1), m(2), m(3)])).not.toThrow();
		expect(() => validateMigrationSequence([])).not.toThrow();
	});

	it('rejects gaps, repeats, a wrong start and malformed ids, naming the offender', () => {
		expect(() => validateMigrationSequence([m(1), m(3)])).toThrow(
			'Migration 2 of 2 has id "crm/3", expected "crm/2"'
		);
		expect(() => validateMigrationSequence([m(1), m(1)])).toThrow(/expected "crm\/2"/);
		expect(() => validateMigrationSequence([m(0)])).toThrow(/expected "crm\/1"/);
		expect(() => validateMigrationSequence([m(2), m(1)])).toThrow(/expected "crm\/1"/);
		expect(() =>
			validateMigrationSequence([{ id: 'crm/01' as Migration['id'], description: 'x' }])
		).toThrow();
		expect(() => validateMigrationSequence([m(1, ' ')])).toThrow(
			'Migration crm/1 has no description.'
		);
	});
});

describe('migrationNumber / pendingMigrations', () => {
	it('reads numbers and lists what a document still needs', () => {
		expect(migrationNumber('crm/12')).toBe(12);
		expect(migrationNumber('crm/x')).toBeNaN();
		const all = [m(1), m(2), m(3)];
		expect(pendingMigrations(all, 0)).toEqual(all);
		expect(pendingMigrations(all, 2)).toEqual([m(3)]);
		expect(pendingMigrations(all, 3)).toEqual([]);
		expect(pendingMigrations(all, 5)).toEqual([]);
		expect(() => pendingMigrations(all, -1)).toThrow(/whole number/);
		expect(() => pendingMigrations([m(2)], 0)).toThrow();
	});
});
