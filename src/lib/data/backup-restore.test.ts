import { describe, expect, it } from 'vitest';
import { parseBackup } from '$lib/domain/import/backup';
import { createWorkspaceBackup, exportBackup } from './backup-export';
import { restoreBackup } from './backup-restore';
import { hashOf } from '$lib/sync/blob-api';
import { Workspace } from './workspace.svelte';
import { RECORD_TYPES } from '$lib/domain/record-types';
import { currencyOf } from './currency';
import { pipelinesOf } from './pipelines';
import { savedSegmentsOf } from './saved-segments';
import { serviceLevelsOf } from './service-levels';
import { valueTiersOf } from './value-tiers';

/** A count of 0 restored records for every collection. */
const noneOfEachType = Object.fromEntries(RECORD_TYPES.map((t) => [t.collection, 0]));

const pause = () => Promise.resolve();

function sample(): Workspace {
	const ws = new Workspace('ws-a', 'alice', undefined, () => 1_700_000_000_000);
	ws.start();
	ws.rename('Acme Sales');
	ws.members.upsert({ id: 'alice', name: 'Alice', color: '#336699' });
	const size = ws.customFields.define({
		entity: 'person',
		label: 'Size',
		type: 'number',
		options: []
	});
	const org = ws.organizations.create({ name: 'Analytical Engines', website: 'ae.example' });
	ws.organizations.notes(org).set('Our oldest client');
	const ada = ws.people.create({
		firstName: 'Ada',
		lastName: 'Lovelace',
		organizationId: org,
		emails: [{ label: 'work', value: 'ada@example.com' }],
		tags: ['vip']
	});
	ws.people.setCustom(ada, size, 38);
	ws.people.update(ada, { title: 'Countess' });
	ws.people.notes(ada).set('Met at the fair');
	const gone = ws.people.create({ firstName: 'Deleted', lastName: 'Person' });
	ws.people.remove(gone);
	// a field a newer peer wrote: kept through backup and restore
	ws.layout.people.map(ada)!.set('pronouns', 'she/her');
	return ws;
}

describe('backup and restore', () => {
	it('restores an exported backup into a new workspace with equal records', async () => {
		const source = sample();
		const file = await exportBackup(source, new Date(2025, 0, 31));
		expect(file.fileName).toBe('crm-backup-acme-sales-2025-01-31.json');

		const parsed = await parseBackup(file.text);
		if (!parsed.ok) throw new Error(parsed.error);
		const target = new Workspace('ws-b', 'bob');
		target.start();
		const progress: number[] = [];
		const result = await restoreBackup(target, parsed.backup, {
			chunkSize: 2,
			pause,
			onProgress: (p) => progress.push(p.done)
		});
		expect(result).toEqual({
			...noneOfEachType,
			people: 2,
			organizations: 1,
			skipped: 0,
			files: 0,
			fileProblems: []
		});
		expect(progress).toEqual([2, 3]);

		const before = await createWorkspaceBackup(source);
		const after = await createWorkspaceBackup(target);
		expect(after.people).toEqual(before.people);
		expect(after.organizations).toEqual(before.organizations);
		expect(after.customFields).toEqual(before.customFields);
		expect(after.members).toEqual(before.members);
		expect(before.members).toEqual([{ id: 'alice', name: 'Alice', color: '#336699', emails: [] }]);
		expect(before.people.find((p) => p.firstName === 'Ada')?.pronouns).toBe('she/her');

		const ada = target.people.rows.find((r) => r.firstName === 'Ada')!;
		expect(ada.organizationName).toBe('Analytical Engines');
		expect(target.people.get(ada.id)!.record.title).toBe('Countess');
		expect(target.people.notes(ada.id).current).toBe('Met at the fair');
		expect(target.people.rows).toHaveLength(1); // the deleted one stays deleted
		expect(target.people.get(ada.id)!.record.createdBy).toBe('alice');
	});

	it('refuses a backup from a newer version and one with a wrong checksum', async () => {
		const file = await exportBackup(sample());
		const newer = JSON.parse(file.text);
		newer.version = 99;
		const n = await parseBackup(JSON.stringify(newer));
		expect(n).toMatchObject({ ok: false });
		expect(!n.ok && n.error).toContain('newer version');

		const changed = JSON.parse(file.text);
		changed.people[0].firstName = 'Mallory';
		const c = await parseBackup(JSON.stringify(changed));
		expect(!c.ok && c.error).toContain('checksum mismatch');
	});

	it('leaves existing records alone when an id is already there', async () => {
		const source = sample();
		const backup = await createWorkspaceBackup(source);
		const result = await restoreBackup(source, backup, { pause });
		expect(result).toEqual({
			...noneOfEachType,
			skipped: 3,
			files: 0,
			fileProblems: []
		});
	});

	it('keeps attached files: their descriptions on the records, their bytes checked by hash', async () => {
		const source = sample();
		const ada = source.people.rows.find((p) => p.name === 'Ada Lovelace')!.id;
		const bytes = new TextEncoder().encode('%PDF-1.4 offer');
		const hash = await hashOf(bytes);
		source.people.attachFile(ada, { hash, name: 'offer.pdf', type: 'application/pdf', size: 14 });
		const missing = exportBackup(source, new Date(), async () => ({ problem: 'offline' }));
		await expect(missing).rejects.toThrow(/1 attached file could not be read \(offline\)/);

		const file = await exportBackup(source, new Date(), async (h) =>
			h === hash ? bytes : { problem: 'unknown' }
		);
		const parsed = await parseBackup(file.text);
		if (!parsed.ok) throw new Error(parsed.error);
		const kept: Uint8Array[] = [];
		const keepFile = async (b: Uint8Array) => (kept.push(b), { ok: true as const });
		const target = new Workspace('ws-b', 'bob');
		target.start();
		const result = await restoreBackup(target, parsed.backup, { pause, keepFile });
		expect(result.files).toBe(1);
		expect(new TextDecoder().decode(kept[0])).toBe('%PDF-1.4 offer');
		expect(target.people.files(ada)).toEqual([
			expect.objectContaining({ hash, name: 'offer.pdf', size: 14, addedBy: 'alice' })
		]);
		expect(target.people.get(ada)!.record).not.toHaveProperty('$files');

		// Bytes that do not match their hash are not kept (the record still lists the file).
		const tampered = { ...parsed.backup, files: { [hash]: btoa('something else') } };
		const other = new Workspace('ws-c', 'carol');
		other.start();
		const refused = await restoreBackup(other, tampered, { pause, keepFile });
		expect(refused.files).toBe(0);
		expect(refused.fileProblems).toEqual([expect.stringMatching(/was changed in the backup/)]);
	});

	it('carries the settings (pipelines, service levels, currency, rates) into a new workspace, not over an existing one', async () => {
		const source = sample();
		const pipelineId = pipelinesOf(source).addPipeline('Renewals');
		serviceLevelsOf(source).save({ urgent: 2 });
		currencyOf(source).setCurrency('CHF');
		currencyOf(source).saveRate('usd', { from: 'USD', rate: '0.9', validFrom: '2026-01-01' });
		const parsed = await parseBackup((await exportBackup(source)).text);
		if (!parsed.ok) throw new Error(parsed.error);

		const fresh = new Workspace('ws-new', 'bob');
		fresh.start();
		await restoreBackup(fresh, parsed.backup, { pause });
		expect(pipelinesOf(fresh).list.map((p) => p.name)).toEqual(['New business', 'Renewals']);
		expect(
			pipelinesOf(fresh)
				.get(pipelineId)
				?.stages.map((st) => st.name)
		).toEqual(['Open', 'Won', 'Lost']);
		expect(serviceLevelsOf(fresh).current.urgent).toBe(2);
		expect(currencyOf(fresh).currency).toBe('CHF');
		expect(currencyOf(fresh).rates).toMatchObject([{ from: 'USD', to: 'CHF', rate: 0.9 }]);

		// An existing workspace keeps its own; only what it lacks comes along
		const existing = new Workspace('ws-old', 'carol');
		existing.start();
		pipelinesOf(existing).addPipeline('Partners');
		currencyOf(existing).setCurrency('EUR');
		await restoreBackup(existing, parsed.backup, { pause });
		expect(pipelinesOf(existing).list.map((p) => p.name)).toEqual(['New business', 'Partners']);
		expect(currencyOf(existing).currency).toBe('EUR');
		expect(serviceLevelsOf(existing).current.urgent).toBe(2);
		// The CHF rate comes along but is not used for a EUR workspace
		expect(currencyOf(existing).rates).toHaveLength(1);
	});

	it('carries the value tiers into a new workspace, not over an existing one', async () => {
		const source = sample();
		valueTiersOf(source).save({ medium: 500, high: 5_000 });
		const parsed = await parseBackup((await exportBackup(source)).text);
		if (!parsed.ok) throw new Error(parsed.error);
		expect(parsed.backup.settings?.meta).toMatchObject({
			'valueTier:medium': 500,
			'valueTier:high': 5_000
		});
		const fresh = new Workspace('ws-tiers', 'bob');
		fresh.start();
		await restoreBackup(fresh, parsed.backup, { pause });
		expect(valueTiersOf(fresh).floors).toEqual({ medium: 500, high: 5_000 });

		const existing = new Workspace('ws-own-tiers', 'carol');
		existing.start();
		valueTiersOf(existing).save({ medium: 2_000, high: 20_000 });
		await restoreBackup(existing, parsed.backup, { pause });
		expect(valueTiersOf(existing).floors).toEqual({ medium: 2_000, high: 20_000 });
	});

	it('carries the saved segments, keeping a workspace’s own', async () => {
		const source = sample();
		const def = {
			match: 'all' as const,
			children: [{ field: 'city', op: 'is' as const, value: 'Berlin' }]
		};
		const id = savedSegmentsOf(source).create('Berlin', def);
		const parsed = await parseBackup((await exportBackup(source)).text);
		if (!parsed.ok) throw new Error(parsed.error);
		const fresh = new Workspace('ws-seg', 'bob');
		fresh.start();
		savedSegmentsOf(fresh).create('Paris', {
			...def,
			children: [{ ...def.children[0], value: 'Paris' }]
		});
		await restoreBackup(fresh, parsed.backup, { pause });
		expect(savedSegmentsOf(fresh).list.map((s) => s.name)).toEqual(['Berlin', 'Paris']);
		expect(savedSegmentsOf(fresh).get(id)).toMatchObject({ def, createdBy: 'alice' });
	});
});
