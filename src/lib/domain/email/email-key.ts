/**
 * Which dropped files are the same message, so it is logged once: dropped twice, saved from
 * the inbox and from another member's sent folder, or logged on two devices offline at once.
 *
 * The Message-ID is the message's own name, set once by the sending program and copied
 * unchanged into every mailbox it reaches, so it is the key whenever there is one. Transport
 * headers (Received, Delivered-To, DKIM) differ per copy and are never part of the key.
 *
 * Some programs (scanners, scripts, a few old mailers) write no Message-ID. Then the key is
 * what every copy of that message still shares: the Date, the sender, the subject and the start
 * of the text. The first 1 KB is enough to tell two messages apart and stays the same when a
 * mail program appends a footer or re-wraps the end; whitespace is collapsed because the .eml
 * and the .msg of one message differ in line endings and blank lines.
 */
import type { ParsedEmail } from './parsed-email';

export type EmailKeyFields = Pick<ParsedEmail, 'messageId' | 'date' | 'from' | 'subject' | 'text'>;

/** How much of the text a message without a Message-ID is recognised by. */
const TEXT_PREFIX = 1024;

/** The dedupe key: equal for two copies of one message, different for different messages. */
export function emailKey(email: EmailKeyFields): string {
	if (email.messageId) return `message-id:${email.messageId}`;
	const text = collapse(email.text).slice(0, TEXT_PREFIX);
	const fields = [email.date ?? '', email.from?.address ?? '', collapse(email.subject), text];
	return `content:${JSON.stringify(fields)}`;
}

/**
 * The key as a record id: 'email-' and the first 32 hex digits (128 bits) of its SHA-256, so
 * two devices logging one message offline write the same record and merge instead of doubling.
 */
export async function emailRecordId(key: string): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key));
	const hex = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0'));
	return `email-${hex.join('').slice(0, 32)}`;
}

function collapse(text: string): string {
	return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}
