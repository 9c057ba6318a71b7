/**
 * Dropped e-mail files become email interactions: matched to people by any of their addresses,
 * the member's own mail outgoing, attachments kept, unknown senders offered — and the same
 * message dropped twice, or on two devices offline at once, is logged once.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { interaction } from '$lib/domain/record-types';
import { syncBoth, syncInto } from './docs-testing';
import {
	LOG_WHILE_LOADING,
	logEmailFiles,
	zoneOfOffset,
	type DroppedFile,
	type EmailLogOptions
} from './email-log';
import { Workspace } from './workspace.svelte';

const FIXTURES = new URL('../../../tests/fixtures/email/', import.meta.url);

function dropped(name: string): DroppedFile {
	return {
		name,
		read: async () => (await readFile(new URL(name, FIXTURES))).buffer as ArrayBuffer
	};
}

function workspace(me: string) {
	const ws = new Workspace('ws', me);
	ws.start();
	return ws;
}

/** A file store that keeps what it is given (the real one is tested in blob-store.test.ts). */
function options(own: string[] = [], kept: string[] = []): EmailLogOptions {
	return {
		ownAddresses: own,
		async keepFile(bytes, name, type) {
			kept.push(name);
			return { ok: true, hash: String(kept.length).padStart(64, '0'), size: bytes.length, type };
		}
	};
}

describe('logging dropped e-mails', () => {
	it('links the people by any address, keeps the zone, the text and the attachment', async () => {
		const ws = workspace('me');
		// Anna's second address is the one the message is sent to.
		const anna = ws.people.create({
			firstName: 'Anna',
			lastName: 'Schmidt',
			emails: [
				{ label: 'work', value: 'anna@schmidt.example' },
				{ label: 'other', value: 'anna.schmidt@example.com' }
			]
		});
		const kept: string[] = [];
		const report = await logEmailFiles(
			ws,
			[dropped('thunderbird-attachment.eml')],
			options(['tom@example.org'], kept)
		);
		expect(report.problems).toEqual([]);
		expect(report.logged).toHaveLength(1);
		const id = report.logged[0].id;
		expect(id).toMatch(/^2026-12~email-[0-9a-f]{32}$/);
		const record = ws.repo(interaction).get(id)!.record;
		expect(record).toMatchObject({
			kind: 'email',
			direction: 'out', // from Tom, a member's own address
			occurredAt: Date.UTC(2026, 11, 11, 8, 11, 58),
			timeZone: 'Etc/GMT-1',
			subject: 'Preisliste',
			personIds: [anna],
			emailFrom: 'Tom Whelan <tom@example.org>'
		});
		expect(kept).toEqual(['Preisliste für Müller und Söhne GmbH Dezember 2026.csv']);
		expect(
			ws
				.repo(interaction)
				.files(id)
				.map((f) => f.name)
		).toEqual(kept);
		expect(report.unknown).toEqual([]); // Tom is "me"; Anna is known
	});

	it('offers unknown senders and makes an incoming mail of a stranger’s', async () => {
		const ws = workspace('me');
		const report = await logEmailFiles(ws, [dropped('gmail-alternative.eml')], options());
		const record = ws.repo(interaction).get(report.logged[0].id)!.record;
		expect(record.direction).toBe('in');
		expect(record.subject).toBe('Angebot für die Müller GmbH');
		expect(report.unknown.map((u) => u.address).sort()).toEqual([
			'anna.schmidt@example.com',
			'bob+crm@example.com',
			'juergen.mueller@gmail.com'
		]);
		expect(report.unknown.find((u) => u.address === 'juergen.mueller@gmail.com')).toMatchObject({
			name: 'Jürgen Müller',
			roles: ['from'],
			interactionIds: [report.logged[0].id]
		});
	});

	it('logs a message once, dropped twice or on two devices offline at once', async () => {
		const a = workspace('a');
		const b = workspace('b');
		const file = dropped('outlook-attachment.eml');
		const first = await logEmailFiles(a, [file], options());
		const again = await logEmailFiles(a, [file], options());
		expect(again.logged).toEqual([]);
		expect(again.repeated).toEqual([{ file: file.name, subject: first.logged[0].subject }]);
		// B, offline, logs the same message; they meet.
		const onB = await logEmailFiles(b, [file], options());
		expect(onB.logged[0].id).toBe(first.logged[0].id);
		syncBoth(a.docs, b.docs);
		for (const ws of [a, b]) {
			expect(ws.live(interaction).size).toBe(1);
			expect(ws.repo(interaction).get(first.logged[0].id)!.record.subject).toBe(
				'Devis pour la réunion de décembre'
			);
		}
	});

	it('says which files are not messages, and logs the others', async () => {
		const ws = workspace('me');
		const report = await logEmailFiles(
			ws,
			[dropped('not-an-email.eml'), dropped('empty.eml'), dropped('apple-mail.eml')],
			options()
		);
		expect(report.logged).toHaveLength(1);
		expect(report.problems.map((p) => p.file)).toEqual(['not-an-email.eml', 'empty.eml']);
		for (const p of report.problems) expect(p.message).toMatch(/\.eml/);
	});

	it('turns the Date header’s offset into a zone', () => {
		expect(zoneOfOffset('+01:00')).toBe('Etc/GMT-1');
		expect(zoneOfOffset('-05:00')).toBe('Etc/GMT+5');
		expect(zoneOfOffset('+00:00')).toBe('UTC');
		expect(zoneOfOffset('+05:30')).toBe('');
		expect(zoneOfOffset(null)).toBe('');
	});
});

describe('a drop before the workspace has loaded', () => {
	it('logs nothing and says why, rather than offering known senders as new people', async () => {
		const before = workspace('me');
		const anna = before.people.create({
			firstName: 'Anna',
			emails: [{ label: 'work', value: 'anna.schmidt@example.com' }]
		});
		// The device holds Anna; this tab's rows and records are still being read.
		const opening = new Workspace('ws', 'me');
		const early = await logEmailFiles(opening, [dropped('thunderbird-attachment.eml')], options());
		expect(early.logged).toEqual([]);
		expect(early.unknown).toEqual([]);
		expect(early.problems).toEqual([
			{ file: 'thunderbird-attachment.eml', message: LOG_WHILE_LOADING }
		]);
		expect(opening.repo(interaction).rows).toEqual([]);

		syncInto(opening.docs, before.docs);
		opening.start();
		const report = await logEmailFiles(opening, [dropped('thunderbird-attachment.eml')], options());
		expect(report.logged).toHaveLength(1);
		const logged = opening.repo(interaction).get(report.logged[0].id)!.record;
		expect(logged.personIds).toEqual([anna]);
		expect(report.unknown.map((u) => u.address)).not.toContain('anna.schmidt@example.com');
	});
});
