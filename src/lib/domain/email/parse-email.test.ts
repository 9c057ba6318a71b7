import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isEmailProblem, MAX_EMAIL_BYTES, parseEmailFile, type ParsedEmail } from './parse-email';

const FIXTURES = new URL('../../../../tests/fixtures/email/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, FIXTURES)));

async function parsed(name: string): Promise<ParsedEmail> {
	const result = await parseEmailFile(name, fixture(name));
	if (isEmailProblem(result)) throw new Error(result.problem);
	return result;
}

async function problem(name: string, bytes: Uint8Array | ArrayBuffer): Promise<string> {
	const result = await parseEmailFile(name, bytes);
	if (!isEmailProblem(result)) throw new Error(`${name} was parsed: ${result.subject}`);
	return result.problem;
}

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const ascii = (text: string) => new TextEncoder().encode(text.replace(/\n/g, '\r\n'));

describe('parseEmailFile on what mail programs write', () => {
	it('reads a Gmail message: multipart/alternative, quoted-printable, UTF-8 encoded words', async () => {
		const email = await parsed('gmail-alternative.eml');
		expect(email).toEqual({
			// The domain is case-insensitive, the local part is not.
			messageId: 'CAHk3pVz8xQ2mN0w_Yb7rT4sLdE9fG1hJ6kP0qR5uW3xZ7aB8c@mail.gmail.com',
			date: Date.UTC(2026, 11, 1, 9, 15, 42),
			timeZone: '+01:00',
			from: { name: 'Jürgen Müller', address: 'juergen.mueller@gmail.com' },
			to: [{ name: 'Anna Schmidt', address: 'anna.schmidt@example.com' }],
			cc: [{ name: '', address: 'bob+crm@example.com' }],
			subject: 'Angebot für die Müller GmbH',
			// The text part, not the HTML one; the soft line break (=\r\n) joined the long line.
			text:
				'Hallo Anna,\n\nanbei wie besprochen das Angebot für die Müller GmbH. Die Preise gelten ' +
				'bis Ende Januar, danach müssen wir neu kalkulieren.\n\nViele Grüße\nJürgen',
			attachments: [],
			warnings: []
		});
		expect(email.date).toBe(1796116542000);
	});

	it('reads an Outlook message: ISO-8859-1 headers and body, a PDF in multipart/mixed', async () => {
		const email = await parsed('outlook-attachment.eml');
		expect(email.messageId).toBe(
			'DM6PR11MB46571A2B3C4D5E6F7A8B9C0DD1E2F@dm6pr11mb4657.namprd11.prod.outlook.com'
		);
		expect(email.date).toBe(Date.UTC(2026, 10, 30, 21, 45, 9));
		expect(email.timeZone).toBe('-05:00');
		expect(email.from).toEqual({ name: 'Lefèvre, François', address: 'f.lefevre@contoso.fr' });
		expect(email.to).toEqual([{ name: 'Amélie Dupont', address: 'amelie.dupont@example.fr' }]);
		expect(email.cc).toEqual([
			{ name: 'Martin, Paul', address: 'paul.martin@contoso.fr' },
			{ name: '', address: 'compta@contoso.fr' }
		]);
		expect(email.subject).toBe('Devis pour la réunion de décembre');
		expect(email.text).toBe(
			'Bonjour Amélie,\n\nComme convenu, voici le devis pour la réunion de décembre. ' +
				"N'hésitez pas à me rappeler si quelque chose ne va pas.\n\nCordialement,\nFrançois Lefèvre"
		);
		expect(email.attachments).toHaveLength(1);
		const [pdf] = email.attachments;
		expect({ ...pdf, content: undefined }).toEqual({
			filename: 'Devis 2026-118.pdf',
			mimeType: 'application/pdf',
			size: 495,
			content: undefined,
			inline: false
		});
		expect(pdf.content).toBeInstanceOf(Uint8Array);
		expect(new TextDecoder().decode(pdf.content.subarray(0, 8))).toBe('%PDF-1.4');
		// The binary tail holds every byte value once, in order: base64 decoded exactly.
		expect(Array.from(pdf.content.subarray(495 - 256))).toEqual(
			Array.from({ length: 256 }, (_, i) => i)
		);
		expect(email.warnings).toEqual([]);
	});

	it('reads an Apple Mail message: base64 subject and body, emoji, a +09:00 date', async () => {
		const email = await parsed('apple-mail.eml');
		expect(email.messageId).toBe('5A1F9C3E-2B7D-4E8A-9F10-6C2D3E4F5A6B@icloud.com');
		expect(email.date).toBe(Date.UTC(2026, 11, 2, 23, 7, 55));
		expect(email.timeZone).toBe('+09:00');
		expect(email.from).toEqual({ name: 'Renée François', address: 'renee.francois@icloud.com' });
		expect(email.to).toEqual([{ name: '', address: 'anna.schmidt@example.com' }]);
		expect(email.subject).toBe('Re: Muster für Tokyo 🗼');
		expect(email.text).toBe(
			'Hi Anna,\n\nthe samples arrived in Tokyo today 🗼 — thank you!\nRenée'
		);
	});

	it('reads a Thunderbird message: 8bit UTF-8, format=flowed, a group, a -03:30 zone', async () => {
		const email = await parsed('thunderbird.eml');
		expect(email.date).toBe(Date.UTC(2026, 11, 4, 21, 0, 0));
		expect(email.timeZone).toBe('-03:30');
		// "undisclosed-recipients: ;" is a group with nobody in it.
		expect(email.to).toEqual([]);
		expect(email.cc).toEqual([
			{ name: 'Anna Schmidt', address: 'anna.schmidt@example.com' },
			{ name: "O'Brien, Seán", address: 'sean.obrien@example.ie' }
		]);
		// format=flowed: a line ending in a space continues on the next; "-- " stays a signature.
		expect(email.text).toBe(
			"Hi both,\n\nthe site visit is confirmed for Monday 9:00 at the St. John's office. " +
				'Parking is behind the building.\n\n-- \nTom Whelan'
		);
	});

	it('reads a Thunderbird attachment whose UTF-8 name is split over RFC 2231 continuations', async () => {
		const email = await parsed('thunderbird-attachment.eml');
		expect(email.text).toBe('Hallo Anna,\n\ndie Preisliste anbei.\n\nTom');
		expect(
			email.attachments.map(({ content, ...rest }) => ({ ...rest, text: decode(content) }))
		).toEqual([
			{
				filename: 'Preisliste für Müller und Söhne GmbH Dezember 2026.csv',
				mimeType: 'text/csv',
				size: 38,
				inline: false,
				text: 'Name;Preis\nStiefel;89,00\nTassen;12,00\n'
			}
		]);
	});

	it('marks an image shown inside an Apple Mail body (multipart/related, Content-ID) as inline', async () => {
		const email = await parsed('apple-mail-inline-image.eml');
		expect(email.text).toBe('Here is the logo.');
		expect(email.attachments.map(({ content: _, ...rest }) => rest)).toEqual([
			{ filename: 'logo.png', mimeType: 'image/png', size: 70, inline: true }
		]);
		expect(Array.from(email.attachments[0].content.subarray(0, 4))).toEqual([
			0x89, 0x50, 0x4e, 0x47
		]);
	});

	it('reads a named zone (EST) as its offset', async () => {
		const email = await parsed('named-zone.eml');
		expect(email.date).toBe(Date.UTC(2026, 11, 7, 14, 0, 0));
		expect(email.timeZone).toBe('-05:00');
		expect(email.text).toBe('Invoice INV-2291 for $1,250.00 is due on 2026-12-21.');
	});

	it('dates a message with no Date header by its arrival, claiming no zone', async () => {
		const text = decode(fixture('named-zone.eml')).replace(/^Date: .*\r\n/m, '');
		const email = await parseEmailFile('no-date.eml', new TextEncoder().encode(text));
		// "for <anna.schmidt@example.com>; Mon, 7 Dec 2026 09:00:02 -0500 (EST)"
		expect(email).toMatchObject({ date: Date.UTC(2026, 11, 7, 14, 0, 2), timeZone: null });
	});

	it('reads a message with no Message-ID and a "-0000" (zone unknown) date', async () => {
		const email = await parsed('no-message-id.eml');
		expect(email.messageId).toBeNull();
		expect(email.date).toBe(Date.UTC(2026, 11, 8, 11, 20, 0));
		// RFC 5322: -0000 is UTC with no claim about where it was written.
		expect(email.timeZone).toBeNull();
		expect(email.from).toEqual({ name: '', address: 'scanner@office.example.com' });
	});

	it('turns an HTML-only newsletter into text with no script, style or title in it', async () => {
		const email = await parsed('html-only-script.eml');
		expect(email.text).toBe(
			'Our offers\n\nDecember & winter offers\n\nDear customer,\nprices drop by 20\u202f% – only ' +
				'until 24 December.\n\nBoots 89 €\nCafé cups 12 €\n\n' +
				'See the offers (https://shop.example.com/offers?utm=dec&x=1)\n\n' +
				'<script> in text stays text.'
		);
		expect(email.text).not.toMatch(/alert|cookie|font-family|December news/);
	});

	it('reads what is there of a message cut off inside an attachment, and says so', async () => {
		const email = await parsed('truncated-boundary.eml');
		expect(email.text).toBe('Here is the draft.');
		expect(email.attachments.map((a) => a.filename)).toEqual(['draft.pdf']);
		expect(email.attachments[0].size).toBeLessThan(495);
		expect(email.warnings).toEqual([
			'The message looks cut off (its end is missing), so draft.pdf may be incomplete.'
		]);
	});

	it('goes by content, not by name: an .eml renamed .msg or without extension is read', async () => {
		const expected = await parsed('gmail-alternative.eml');
		const bytes = fixture('gmail-alternative.eml');
		expect(await parseEmailFile('Angebot.msg', bytes)).toEqual(expected);
		expect(await parseEmailFile('Angebot', bytes)).toEqual(expected);
	});

	it('reads a message saved with a byte order mark, an mbox "From " line or blank lines first', async () => {
		const expected = await parsed('gmail-alternative.eml');
		const bytes = fixture('gmail-alternative.eml');
		const prefixed = (prefix: string) => {
			const head = new TextEncoder().encode(prefix);
			const out = new Uint8Array(head.length + bytes.length);
			out.set(head);
			out.set(bytes, head.length);
			return out;
		};
		expect(await parseEmailFile('a.eml', prefixed('\ufeff'))).toEqual(expected);
		const mbox = 'From juergen.mueller@gmail.com Tue Dec  1 10:15:42 2026\r\n';
		expect(await parseEmailFile('b.eml', prefixed(mbox))).toEqual(expected);
		expect(await parseEmailFile('c.eml', prefixed('\r\n\r\n'))).toEqual(expected);
	});

	it('takes an ArrayBuffer as well as bytes', async () => {
		const bytes = fixture('gmail-alternative.eml');
		const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
		expect(await parseEmailFile('gmail.eml', copy)).toEqual(await parsed('gmail-alternative.eml'));
	});
});

describe('parseEmailFile on what is not a usable email', () => {
	it('refuses an empty file', async () => {
		expect(await problem('empty.eml', fixture('empty.eml'))).toBe(
			'“empty.eml” is empty. Save the message again from your mail program.'
		);
	});

	it('refuses a file over the limit by its size, before parsing it', async () => {
		const huge = new Uint8Array(30 * 1024 * 1024);
		huge.set(ascii('From: a@example.com\nSubject: big\n\n'));
		const started = performance.now();
		expect(await problem('big.eml', huge)).toBe(
			'“big.eml” is 30 MB; emails up to 25 MB can be logged. ' +
				'Forward it to yourself without its attachments and drop that one.'
		);
		expect(performance.now() - started).toBeLessThan(100);
		expect(await problem('edge.eml', new Uint8Array(MAX_EMAIL_BYTES + 1))).toMatch(
			/^“edge\.eml” is 25\.1 MB; emails up to 25 MB/
		);
	});

	it('refuses a text file and a binary file renamed .eml', async () => {
		const notEmail =
			'“not-an-email.eml” is not an email. Drop .eml files (drag the message out of your ' +
			'mail program) or Outlook .msg files.';
		expect(await problem('not-an-email.eml', fixture('not-an-email.eml'))).toBe(notEmail);
		const garbage = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
		expect(await problem('photo.eml', garbage)).toMatch(/^“photo\.eml” is not an email\./);
		const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 8, 0]);
		expect(await problem('archive.eml', zip)).toMatch(/is not an email\./);
	});

	it('refuses a .msg file that is not an Outlook compound file', async () => {
		expect(await problem('reply.msg', ascii('hello'))).toBe(
			'“reply.msg” is not an Outlook message. Save it again from Outlook (File › Save As).'
		);
	});

	it('refuses a message with nothing in it to log', async () => {
		expect(await problem('blank.eml', ascii('X-Spam-Score: 0\n\n\n'))).toBe(
			'“blank.eml” has no sender, recipients, subject, date or text; it was not logged.'
		);
	});

	it('refuses a flood of MIME parts quickly instead of parsing them', async () => {
		const part = '--b\nContent-Type: text/plain\n\nx\n';
		const flood = ascii(
			'From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n' +
				part.repeat(20_000) +
				'--b--\n'
		);
		const started = performance.now();
		expect(await problem('flood.eml', flood)).toBe(
			'“flood.eml” has too many parts to be a real email; it was not logged.'
		);
		expect(performance.now() - started).toBeLessThan(500);
	});

	it('counts only boundary lines as parts: a text full of "--" lines is still a message', async () => {
		const dump = '-- SQL comment\nSELECT 1;\n'.repeat(20_000);
		const email = ascii(`From: a@example.com\nSubject: dump\nContent-Type: text/plain\n\n${dump}`);
		const result = await parseEmailFile('dump.eml', email);
		if (isEmailProblem(result)) throw new Error(result.problem);
		expect(result.text.startsWith('-- SQL comment\nSELECT 1;')).toBe(true);
	});

	it('explains MIME nested deeper than any mail program writes', async () => {
		let body = '';
		for (let depth = 0; depth < 80; depth++) {
			body += `--b${depth}\nContent-Type: multipart/mixed; boundary="b${depth + 1}"\n\n`;
		}
		const deep = ascii(
			'From: a@example.com\nContent-Type: multipart/mixed; boundary="b0"\n\n' + body
		);
		expect(await problem('deep.eml', deep)).toMatch(
			/^“deep\.eml” could not be read \(.*nesting.*\)\. Save the message again from your mail program\.$/
		);
	});

	it('keeps a zip bomb attachment as the bytes it is, never unpacked', async () => {
		// A zip's local header and a run of deflate bytes: whatever it would expand to, the
		// attachment is as large as the file says and no larger.
		const zip = new Uint8Array(3000).map((_, i) => (i < 4 ? [0x50, 0x4b, 0x03, 0x04][i] : 0));
		const base64 = btoa(String.fromCharCode(...zip)).replace(/(.{76})/g, '$1\n');
		const email = ascii(
			'From: a@example.com\nSubject: bomb\nContent-Type: multipart/mixed; boundary=b\n\n' +
				'--b\nContent-Type: application/zip; name=bomb.zip\nContent-Transfer-Encoding: base64\n' +
				`Content-Disposition: attachment; filename=bomb.zip\n\n${base64}\n--b--\n`
		);
		const result = await parseEmailFile('bomb.eml', email);
		if (isEmailProblem(result)) throw new Error(result.problem);
		expect(result.attachments.map(({ filename, size }) => ({ filename, size }))).toEqual([
			{ filename: 'bomb.zip', size: 3000 }
		]);
	});

	it('parses a 20 MB message within a bounded time', async () => {
		const chunk = 'QUJD'.repeat(19).concat('\n');
		const base64 = chunk.repeat(Math.floor((20 * 1024 * 1024) / chunk.length));
		const email = ascii(
			'From: a@example.com\nSubject: scans\nContent-Type: multipart/mixed; boundary=b\n\n' +
				'--b\nContent-Type: text/plain\n\nThe scans.\n' +
				'--b\nContent-Type: application/pdf; name=scan.pdf\nContent-Transfer-Encoding: base64\n\n' +
				`${base64}--b--\n`
		);
		const started = performance.now();
		const result = await parseEmailFile('scans.eml', email);
		if (isEmailProblem(result)) throw new Error(result.problem);
		expect(result.attachments[0].size).toBe((base64.length / chunk.length) * 57);
		expect(performance.now() - started).toBeLessThan(10_000);
	});
});
