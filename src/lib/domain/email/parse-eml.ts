/**
 * An RFC 5322 message (.eml) to a ParsedEmail. The MIME work (multipart trees, transfer
 * encodings, charsets, encoded words) is postal-mime's; this module only picks and normalizes
 * the fields an interaction keeps.
 */
import PostalMime, { type Address as MimeAddress, type Email } from 'postal-mime';
import { attachmentName } from './attachment-name';
import { parseEmailDate, type EmailDate } from './email-date';
import { closingBoundaryMissing } from './mime-shape';
import { htmlToText } from './html-to-text';
import type { Address, EmailAttachment, ParsedEmail } from './parsed-email';

const LIMITS = {
	// Well above real mail (Outlook nests ~5 deep), far below what could exhaust the stack.
	maxNestingDepth: 50,
	maxHeadersSize: 1024 * 1024,
	// A forwarded message is read inline; a chain of them nested deeper stays an attachment.
	maxRfc822NestingDepth: 3
};

/** Throws on what postal-mime cannot parse; parse-email.ts turns that into a message. */
export async function parseEml(bytes: Uint8Array): Promise<ParsedEmail> {
	const email = await PostalMime.parse(bytes, { ...LIMITS, attachmentEncoding: 'arraybuffer' });
	const attachments = email.attachments.map(attachment);
	const warnings: string[] = [];
	if (closingBoundaryMissing(bytes, header(email, 'content-type'))) {
		const last = attachments.at(-1);
		warnings.push(
			'The message looks cut off (its end is missing)' +
				(last ? `, so ${last.filename} may be incomplete.` : '; some of it may be missing.')
		);
	}
	return { ...envelope(email), text: bodyText(email), attachments, warnings };
}

export type Envelope = Pick<
	ParsedEmail,
	'messageId' | 'date' | 'timeZone' | 'from' | 'to' | 'cc' | 'subject'
>;

/** The header fields of a parsed message; .msg files reuse it on their transport headers. */
export function envelope(email: Email): Envelope {
	const date = parseEmailDate(header(email, 'date')) ?? arrival(email);
	return {
		messageId: normalizeMessageId(email.messageId),
		date: date?.ms ?? null,
		timeZone: date?.timeZone ?? null,
		from: mailboxes(email.from ? [email.from] : [])[0] ?? null,
		to: mailboxes(email.to ?? []),
		cc: mailboxes(email.cc ?? []),
		subject: (email.subject ?? '').replace(/\s+/g, ' ').trim()
	};
}

/**
 * '<CAF=x@Mail.Gmail.com>' to 'CAF=x@mail.gmail.com': the brackets and surrounding space are
 * transport, and the domain is case-insensitive while the local part may not be (RFC 5322).
 */
export function normalizeMessageId(raw: string | null | undefined): string | null {
	if (!raw) return null;
	const inner = /<([^<>]*)>/.exec(raw)?.[1] ?? raw;
	const id = inner.replace(/\s+/g, '');
	if (!id) return null;
	const at = id.lastIndexOf('@');
	return at < 0 ? id : id.slice(0, at) + id.slice(at).toLowerCase();
}

/**
 * A message with no readable Date (some scanners and scripts send none) happened when the
 * last server received it: the date after the ';' of the topmost Received header. That offset
 * is the server's, not the sender's, so no zone is claimed.
 */
function arrival(email: Email): EmailDate | null {
	const received = header(email, 'received');
	const date = parseEmailDate(received?.slice(received.lastIndexOf(';') + 1));
	return date && { ms: date.ms, timeZone: null };
}

/** The raw value of the first header of that name, as the message wrote it. */
function header(email: Email, key: string): string | null {
	return email.headers.find((h) => h.key === key)?.value ?? null;
}

/** Groups flattened ("Team: a@x, b@y;"), addresses lower-cased, entries without one dropped. */
function mailboxes(list: MimeAddress[]): Address[] {
	const out: Address[] = [];
	for (const entry of list) {
		for (const box of entry.group ?? [entry]) {
			const address = (box.address ?? '').trim().toLowerCase();
			if (address) out.push({ name: (box.name ?? '').replace(/\s+/g, ' ').trim(), address });
		}
	}
	return out;
}

function bodyText(email: Email): string {
	const text = email.text?.trim() ? email.text : email.html ? htmlToText(email.html) : '';
	return text.replace(/\r\n?/g, '\n').trim();
}

function attachment(part: Email['attachments'][number], index: number): EmailAttachment {
	const content =
		part.content instanceof Uint8Array
			? part.content
			: typeof part.content === 'string'
				? new TextEncoder().encode(part.content)
				: new Uint8Array(part.content);
	return {
		filename: attachmentName(part.filename, index),
		mimeType: part.mimeType || 'application/octet-stream',
		size: content.byteLength,
		content,
		inline: part.disposition === 'inline' || part.related === true
	};
}
