import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emailKey, emailRecordId } from './email-key';
import { isEmailProblem, parseEmailFile, type ParsedEmail } from './parse-email';

const FIXTURES = new URL('../../../../tests/fixtures/email/', import.meta.url);
const fixtureText = (name: string) => readFileSync(new URL(name, FIXTURES), 'latin1');

async function parse(text: string): Promise<ParsedEmail> {
	const result = await parseEmailFile('x.eml', new Uint8Array(Buffer.from(text, 'latin1')));
	if (isEmailProblem(result)) throw new Error(result.problem);
	return result;
}

const idOf = async (text: string) => emailRecordId(emailKey(await parse(text)));

/** The copy another mailbox received: its own transport headers on top, CRLF turned to LF. */
function deliveredCopy(text: string): string {
	const transport =
		'Delivered-To: paul.martin@contoso.fr\r\n' +
		'Received: from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41])\r\n' +
		'        by mx.google.com with SMTPS id a1sor123456wrx.12.2026.12.01.01.15.43\r\n' +
		'        for <paul.martin@contoso.fr>; Tue, 01 Dec 2026 01:15:43 -0800 (PST)\r\n' +
		'Return-Path: <juergen.mueller@gmail.com>\r\n';
	return (transport + text).replace(/\r\n/g, '\n');
}

describe('emailKey', () => {
	it('is the Message-ID when there is one', async () => {
		const email = await parse(fixtureText('gmail-alternative.eml'));
		expect(emailKey(email)).toBe(
			'message-id:CAHk3pVz8xQ2mN0w_Yb7rT4sLdE9fG1hJ6kP0qR5uW3xZ7aB8c@mail.gmail.com'
		);
	});

	it('is the same for one message dropped twice or received in another mailbox', async () => {
		for (const name of ['gmail-alternative.eml', 'no-message-id.eml', 'outlook-attachment.eml']) {
			const text = fixtureText(name);
			const first = await idOf(text);
			expect(await idOf(text), name).toBe(first);
			expect(await idOf(deliveredCopy(text)), name).toBe(first);
		}
	});

	it('ignores how the Message-ID header is spelled and spaced', async () => {
		const text = fixtureText('gmail-alternative.eml');
		const respelled = text.replace(
			'Message-ID: <CAHk3pVz8xQ2mN0w_Yb7rT4sLdE9fG1hJ6kP0qR5uW3xZ7aB8c@Mail.Gmail.com>',
			'Message-Id:\r\n <CAHk3pVz8xQ2mN0w_Yb7rT4sLdE9fG1hJ6kP0qR5uW3xZ7aB8c@MAIL.GMAIL.COM> '
		);
		expect(respelled).not.toBe(text);
		expect(await idOf(respelled)).toBe(await idOf(text));
	});

	it('is different for different messages', async () => {
		const names = [
			'gmail-alternative.eml',
			'outlook-attachment.eml',
			'apple-mail.eml',
			'thunderbird.eml',
			'named-zone.eml',
			'no-message-id.eml',
			'html-only-script.eml',
			'thunderbird-attachment.eml',
			'apple-mail-inline-image.eml'
		];
		const ids = await Promise.all(names.map((name) => idOf(fixtureText(name))));
		expect(new Set(ids).size).toBe(names.length);
	});

	it('tells apart messages without a Message-ID by date, sender, subject and text', async () => {
		const text = fixtureText('no-message-id.eml');
		const base = await idOf(text);
		const variants = [
			text.replace('11:20:00', '11:21:00'),
			text.replace('scanner@', 'printer@'),
			text.replace('Subject: Scanned document', 'Subject: Scanned documents'),
			text.replace('3rd floor', '2nd floor')
		];
		for (const variant of variants) {
			expect(variant).not.toBe(text);
			expect(await idOf(variant)).not.toBe(base);
		}
		// What a mail program changes when it saves a copy does not count: line endings,
		// re-wrapping, and anything after the first kilobyte of text.
		expect(await idOf(text.replace(/\r\n/g, '\n'))).toBe(base);
		expect(await idOf(text.replace('on the 3rd', 'on the\r\n3rd'))).toBe(base);
		const long = text.replace('printer.', 'printer. ' + 'x'.repeat(2000));
		expect(await idOf(long + 'footer added later\r\n')).toBe(await idOf(long));
	});
});

describe('emailRecordId', () => {
	it('is "email-" and 32 hex digits of the SHA-256 of the key', async () => {
		// sha256("message-id:abc@example.com"), computed independently with sha256sum.
		expect(await emailRecordId('message-id:abc@example.com')).toBe(
			'email-4931345bdde34d7500038a3635aef76a'
		);
		expect(await emailRecordId('anything')).toMatch(/^email-[0-9a-f]{32}$/);
	});
});
