import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { emptyOrganization, emptyPerson } from '../records';
import { parseBackup } from '../import/backup';
import {
	backupChecksum,
	backupToJson,
	canonicalJson,
	createBackup,
	type Backup,
	type BackupContent
} from './backup';

const meta = {
	createdAt: 1700000000000,
	createdBy: 'm1',
	updatedAt: 1700000500000,
	updatedBy: 'm1'
};

const content: BackupContent = {
	workspace: { id: 'ws-1', name: 'Bäckerei Müller' },
	members: [{ id: 'm1', name: 'Ann', color: '#3366cc' }],
	customFields: [
		{ id: 'cf1', entity: 'person', label: 'Birthday', type: 'date', options: [], order: 0 }
	],
	people: [
		{
			...emptyPerson(),
			...meta,
			id: 'p1',
			firstName: 'Zoë',
			lastName: 'Doe',
			emails: [{ label: 'work', value: 'zoe@example.org' }],
			custom: { cf1: '1980-04-12' },
			notes: 'Line one\nLine "two" 😀',
			fieldFromANewerPeer: { kept: true }
		}
	],
	organizations: [{ ...emptyOrganization(), ...meta, id: 'o1', name: 'Acme' }],
	collections: { deals: [{ id: 'd1', amount: 1234.5, stage: 'won' }] }
};

async function written(): Promise<string> {
	return backupToJson(await createBackup(content, new Date('2025-01-02T03:04:05Z')));
}

async function rewritten(edit: (b: Record<string, unknown>) => void, fixChecksum: boolean) {
	const b = JSON.parse(await written()) as Record<string, unknown>;
	edit(b);
	if (fixChecksum) b.checksum = await backupChecksum(b as unknown as Backup);
	return JSON.stringify(b);
}

describe('workspace backup', () => {
	it('round-trips: what is written is read back unchanged, unknown fields included', async () => {
		const text = await written();
		const r = await parseBackup(text);
		if (!r.ok) throw new Error(r.error);
		expect(r.backup).toEqual({
			format: 'local-first-crm-backup',
			version: 1,
			exportedAt: '2025-01-02T03:04:05.000Z',
			...content,
			checksum: expect.stringMatching(/^[0-9a-f]{64}$/)
		});
		expect(text.startsWith('{\n  "format": "local-first-crm-backup",\n  "version": 1,')).toBe(true);
	});

	it('has a checksum anyone can recompute from the canonical JSON', async () => {
		const b = JSON.parse(await written()) as Backup;
		const { checksum, ...rest } = b;
		const digest = createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex');
		expect(digest).toBe(checksum);
	});

	it.skipIf(spawnSync('jq', ['--version']).status !== 0)(
		'gives the digest jq -cS computes, so no app is needed to verify it',
		async () => {
			const text = await written();
			const canonical = execFileSync('jq', ['-cS', 'del(.checksum)'], { input: text })
				.toString()
				.replace(/\n$/, '');
			const digest = createHash('sha256').update(canonical, 'utf8').digest('hex');
			expect(digest).toBe((JSON.parse(text) as Backup).checksum);
		}
	);

	it('writes canonical JSON with sorted keys, dropping undefined like JSON does', () => {
		expect(canonicalJson({ b: 1, a: [3, undefined, { d: 'x', c: null }], u: undefined })).toBe(
			'{"a":[3,null,{"c":null,"d":"x"}],"b":1}'
		);
	});

	it('refuses a backup from a newer version', async () => {
		const text = await rewritten((b) => (b.version = 2), true);
		expect(await parseBackup(text)).toEqual({
			ok: false,
			error: 'This backup was written by a newer version (v2); update the app to restore it.'
		});
	});

	it('refuses a changed file as damaged', async () => {
		const text = (await written()).replace('"Doe"', '"Dough"');
		const r = await parseBackup(text);
		expect(r).toEqual({
			ok: false,
			error: expect.stringMatching(/^The backup file is damaged \(checksum mismatch\)/)
		});
		const noSum = await rewritten((b) => delete b.checksum, false);
		expect(await parseBackup(noSum)).toEqual({
			ok: false,
			error: 'The backup file is damaged (its checksum is missing); use another copy.'
		});
	});

	it('refuses malformed or truncated JSON', async () => {
		const text = await written();
		for (const bad of [text.slice(0, text.length / 2), '', 'not json']) {
			const r = await parseBackup(bad);
			expect(r).toEqual({
				ok: false,
				error: expect.stringMatching(/^This file is not a readable backup: it is not valid JSON/)
			});
		}
	});

	it('refuses other JSON files and versions that are not numbers', async () => {
		for (const other of ['{"people":[]}', '[]', '"x"', '{"format":"vcard"}']) {
			expect(await parseBackup(other)).toEqual({
				ok: false,
				error:
					'This file is not a backup of this CRM (its "format" is not "local-first-crm-backup").'
			});
		}
		const text = await rewritten((b) => (b.version = '1'), true);
		expect(await parseBackup(text)).toMatchObject({
			ok: false,
			error: expect.stringMatching(/no valid version/)
		});
	});

	it('refuses a backup with a valid checksum but missing parts', async () => {
		const cases: [(b: Record<string, unknown>) => void, RegExp][] = [
			[(b) => delete b.people, /"people" is not a list/],
			[(b) => (b.workspace = { id: 'x' }), /"workspace" needs an id and a name/],
			[
				(b) => ((b.organizations as unknown[])[0] = { name: 'no id' }),
				/item 1 of "organizations" has no id/
			],
			[(b) => (b.collections = { deals: 'x' }), /collection "deals" is not a list/]
		];
		for (const [edit, message] of cases) {
			const r = await parseBackup(await rewritten(edit, true));
			expect(r).toMatchObject({ ok: false, error: expect.stringMatching(message) });
		}
	});

	it('accepts a backup saved with a BOM by an editor', async () => {
		expect((await parseBackup('\ufeff' + (await written()))).ok).toBe(true);
	});
});
