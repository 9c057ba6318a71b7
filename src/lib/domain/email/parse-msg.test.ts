import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emailKey } from './email-key';
import {
	attachment,
	binary,
	buildMsg,
	properties,
	recipient,
	text,
	type MsgNode
} from './fixtures/outlook-msg';
import { isEmailProblem, parseEmailFile, type ParsedEmail } from './parse-email';

const MESSAGE_ID =
	'<DM6PR11MB46571A2B3C4D5E6F7A8B9C0DD1E2F@DM6PR11MB4657.NAMPRD11.PROD.OUTLOOK.COM>';
const X500 = '/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS';
const SENT = Date.UTC(2026, 10, 30, 21, 45, 9);
const PDF = new TextEncoder().encode('%PDF-1.4\n% devis\n%%EOF\n');

/** What Exchange keeps of the original message's headers on a received item. */
const TRANSPORT_HEADERS = [
	'Received: from DM6PR11MB4657.namprd11.prod.outlook.com (2603:10b6:5:1a0::12) by',
	' BN6PR11MB1234.namprd11.prod.outlook.com with HTTPS; Mon, 30 Nov 2026 21:45:10 +0000',
	'From: =?iso-8859-1?Q?Lef=E8vre=2C_Fran=E7ois?= <F.Lefevre@Contoso.fr>',
	'To: =?iso-8859-1?Q?Am=E9lie_Dupont?= <amelie.dupont@example.fr>',
	'Subject: =?iso-8859-1?Q?Devis_pour_la_r=E9union_de_d=E9cembre?=',
	'Date: Mon, 30 Nov 2026 16:45:09 -0500',
	`Message-ID: ${MESSAGE_ID}`,
	'Content-Type: multipart/mixed;',
	'\tboundary="_004_DM6PR11MB46571A2B3C4D5E6F7A8B9C0DD1E2FDM6PR11MB4657namp_"',
	'MIME-Version: 1.0',
	''
].join('\r\n');

/** A received Outlook item, the same message as tests/fixtures/email/outlook-attachment.eml. */
function receivedMsg(extra: MsgNode[] = []): Uint8Array {
	return buildMsg([
		text('0037', 'Devis pour la réunion de décembre'),
		text('0C1A', 'Lefèvre, François'),
		text('0C1F', `${X500}/CN=F.LEFEVRE`),
		text('5D01', 'F.Lefevre@Contoso.fr'),
		text('1035', MESSAGE_ID),
		text('007D', TRANSPORT_HEADERS),
		text('1000', 'Bonjour Amélie,\r\n\r\nVoici le devis.\r\n\r\nFrançois\r\n'),
		properties(32, [
			{ tag: 0x0039, type: 'time', value: SENT },
			{ tag: 0x0e06, type: 'time', value: SENT + 1000 }
		]),
		recipient(0, [
			text('3001', 'Amélie Dupont'),
			text('3002', 'SMTP'),
			text('3003', 'amelie.dupont@example.fr'),
			text('39FE', 'amelie.dupont@example.fr'),
			properties(8, [{ tag: 0x0c15, type: 'int', value: 1 }])
		]),
		recipient(1, [
			text('3001', 'Martin, Paul'),
			text('3002', 'EX'),
			text('3003', `${X500}/CN=P.MARTIN`),
			text('39FE', 'Paul.Martin@contoso.fr'),
			properties(8, [{ tag: 0x0c15, type: 'int', value: 2 }])
		]),
		recipient(2, [
			// Outlook repeats the address as the name when the sender typed only the address.
			text('3001', 'compta@contoso.fr'),
			text('3003', 'compta@contoso.fr'),
			properties(8, [{ tag: 0x0c15, type: 'int', value: 2 }])
		]),
		attachment(0, [
			text('3707', 'Devis 2026-118.pdf'),
			text('370E', 'application/pdf'),
			binary('3701', PDF),
			properties(8, [{ tag: 0x3705, type: 'int', value: 1 }])
		]),
		...extra
	]);
}

async function parsed(name: string, bytes: Uint8Array): Promise<ParsedEmail> {
	const result = await parseEmailFile(name, bytes);
	if (isEmailProblem(result)) throw new Error(result.problem);
	return result;
}

describe('parseEmailFile on Outlook .msg files', () => {
	it('reads a received item: SMTP addresses over Exchange ones, the Date offset from its headers', async () => {
		const email = await parsed('Devis.msg', receivedMsg());
		expect({ ...email, attachments: [] }).toEqual({
			messageId: 'DM6PR11MB46571A2B3C4D5E6F7A8B9C0DD1E2F@dm6pr11mb4657.namprd11.prod.outlook.com',
			date: SENT,
			timeZone: '-05:00',
			from: { name: 'Lefèvre, François', address: 'f.lefevre@contoso.fr' },
			to: [{ name: 'Amélie Dupont', address: 'amelie.dupont@example.fr' }],
			cc: [
				{ name: 'Martin, Paul', address: 'paul.martin@contoso.fr' },
				{ name: '', address: 'compta@contoso.fr' }
			],
			subject: 'Devis pour la réunion de décembre',
			text: 'Bonjour Amélie,\n\nVoici le devis.\n\nFrançois',
			attachments: [],
			warnings: []
		});
		expect(email.attachments).toEqual([
			{
				filename: 'Devis 2026-118.pdf',
				mimeType: 'application/pdf',
				size: PDF.byteLength,
				content: PDF,
				inline: false
			}
		]);
	});

	it('gives the .msg and the .eml of one message the same dedupe key', async () => {
		const eml = readFileSync(
			new URL('../../../../tests/fixtures/email/outlook-attachment.eml', import.meta.url)
		);
		const fromEml = await parsed('Devis.eml', new Uint8Array(eml));
		expect(emailKey(await parsed('Devis.msg', receivedMsg()))).toBe(emailKey(fromEml));
	});

	it('reads a sent item with no transport headers: UTC submit time, no zone, HTML body as text', async () => {
		const html = new TextEncoder().encode(
			'<html><head><style>p{margin:0}</style><script>alert(1)</script></head>' +
				'<body><p>Hi Tom,</p><p>see you on Monday&nbsp;&ndash; Anna</p></body></html>'
		);
		const email = await parsed(
			'Sent.msg',
			buildMsg([
				text('0037', 'Site visit'),
				text('0C1A', 'Anna Schmidt'),
				text('0C1F', 'anna.schmidt@example.com'),
				binary('1013', html),
				properties(32, [
					{ tag: 0x0039, type: 'time', value: SENT },
					{ tag: 0x3fde, type: 'int', value: 65001 }
				]),
				recipient(0, [
					text('3001', 'Tom Whelan'),
					text('3003', 'tom@example.org'),
					properties(8, [{ tag: 0x0c15, type: 'int', value: 1 }])
				])
			])
		);
		expect(email.messageId).toBeNull();
		expect(email.date).toBe(SENT);
		expect(email.timeZone).toBeNull();
		expect(email.from).toEqual({ name: 'Anna Schmidt', address: 'anna.schmidt@example.com' });
		expect(email.to).toEqual([{ name: 'Tom Whelan', address: 'tom@example.org' }]);
		expect(email.text).toBe('Hi Tom,\n\nsee you on Monday – Anna');
	});

	it('refuses a Compound File that is not an Outlook message (a Word 97 .doc)', async () => {
		const doc = buildMsg([{ name: 'WordDocument', data: new Uint8Array(600) }]);
		const result = await parseEmailFile('Letter.msg', doc);
		expect(result).toEqual({
			problem:
				'“Letter.msg” is not an Outlook message. Save it again from Outlook (File › Save As).'
		});
	});

	it('refuses, instead of hanging, a .msg whose directory chain points back at itself', async () => {
		const bytes = receivedMsg();
		const view = new DataView(bytes.buffer);
		const directoryStart = view.getInt32(0x30, true);
		const fatSector = view.getInt32(0x4c, true);
		// The FAT entry of the directory's first sector now names that same sector.
		view.setInt32((fatSector + 1) * 512 + 4 * directoryStart, directoryStart, true);
		expect(await parseEmailFile('loop.msg', bytes)).toEqual({
			problem:
				'“loop.msg” could not be read (its directory is damaged). ' +
				'Save the message again from your mail program.'
		});
	});

	it('refuses a .msg whose directory tree links back to an entry it came from', async () => {
		const bytes = receivedMsg();
		const view = new DataView(bytes.buffer);
		const directory = (view.getInt32(0x30, true) + 1) * 512;
		const rootChild = view.getInt32(directory + 0x4c, true);
		// The root's first child names itself as its left sibling.
		view.setInt32(directory + rootChild * 128 + 0x44, rootChild, true);
		expect(await parseEmailFile('tree.msg', bytes)).toMatchObject({
			problem: expect.stringMatching(/^“tree\.msg” could not be read \(its directory is damaged\)/)
		});
	});

	it('refuses a .msg whose stream claims more bytes than the file has', async () => {
		const bytes = receivedMsg();
		const view = new DataView(bytes.buffer);
		const directory = (view.getInt32(0x30, true) + 1) * 512;
		for (let entry = 1; entry < 4; entry++) {
			if (bytes[directory + entry * 128 + 0x42] === 2) {
				view.setUint32(directory + entry * 128 + 0x78, 0xfffffff0, true);
				break;
			}
		}
		expect(await parseEmailFile('huge.msg', bytes)).toMatchObject({
			problem: expect.stringContaining('it says it holds more data than the file has')
		});
	});

	it('refuses a truncated .msg with a message, never a crash', async () => {
		const bytes = receivedMsg();
		for (const length of [8, 100, 600, Math.floor(bytes.length / 2)]) {
			const result = await parseEmailFile('cut.msg', bytes.subarray(0, length));
			expect(isEmailProblem(result), `cut at ${length}`).toBe(true);
		}
	});
});
