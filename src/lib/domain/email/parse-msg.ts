/**
 * Outlook .msg files (MS-OXMSG: a Compound File holding MAPI properties) to a ParsedEmail.
 *
 * msgreader does the Compound File and property work. It is loaded only when a .msg is dropped,
 * so its code (and iconv-lite's tables, which it only uses for ANSI text with a configured code
 * page, never here) stays out of the app's first load.
 *
 * A received .msg keeps the message's original transport headers, read here like an .eml's:
 * they hold the Message-ID and the Date with the offset it was written in. A sent or draft
 * .msg has none; then its time is the MAPI submit time, which is UTC with no zone of origin.
 */
import PostalMime from 'postal-mime';
import { attachmentName } from './attachment-name';
import { cfbProblem } from './cfb-check';
import { envelope, normalizeMessageId, type Envelope } from './parse-eml';
import { parseEmailDate } from './email-date';
import { htmlToText } from './html-to-text';
import type { Address, EmailAttachment, ParsedEmail } from './parsed-email';
// Type only: the code itself is loaded by import() below.
import type MsgReader from '@kenjiuno/msgreader';
import type { FieldsData } from '@kenjiuno/msgreader';

/** D0 CF 11 E0 A1 B1 1A E1: the signature every Compound File starts with. */
const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function isOutlookMsg(bytes: Uint8Array): boolean {
	return CFB_SIGNATURE.every((byte, i) => bytes[i] === byte);
}

/**
 * Null for a Compound File that holds no message (Word and Excel 97–2003 files are Compound
 * Files too); throws on what msgreader cannot read, which parse-email.ts turns into a message.
 */
export async function parseMsg(bytes: Uint8Array): Promise<ParsedEmail | null> {
	const damaged = cfbProblem(bytes);
	if (damaged) throw new Error(damaged);
	const reader = new (await loadMsgReader())(copyOf(bytes));
	const fields = reader.getFileData();
	if (fields.error || !isMessage(fields)) return null;
	const head = await transportHeaders(fields.headers);
	const submitted = parseEmailDate(fields.clientSubmitTime ?? fields.messageDeliveryTime);
	const recipients = (fields.recipients ?? []).map((r) => [r.recipType, mailbox(r)] as const);
	const to = recipients.filter(([type, box]) => type === 'to' && box).map(([, box]) => box!);
	const cc = recipients.filter(([type, box]) => type === 'cc' && box).map(([, box]) => box!);
	return {
		messageId: normalizeMessageId(fields.messageId) ?? head?.messageId ?? null,
		date: head?.date ?? submitted?.ms ?? null,
		// The submit time is stored in UTC: it says nothing about the sender's zone.
		timeZone: head?.timeZone ?? null,
		from: sender(fields) ?? head?.from ?? null,
		to: recipients.length > 0 ? to : (head?.to ?? []),
		cc: recipients.length > 0 ? cc : (head?.cc ?? []),
		subject: (fields.subject ?? head?.subject ?? '').replace(/\s+/g, ' ').trim(),
		text: bodyText(fields),
		attachments: (fields.attachments ?? []).map((att, i) => attachment(reader, att, i)),
		warnings: []
	};
}

function isMessage(fields: FieldsData): boolean {
	const { subject, senderName, body, bodyHtml, html, headers, messageId } = fields;
	const parts = (fields.recipients?.length ?? 0) + (fields.attachments?.length ?? 0);
	return Boolean(
		subject || senderName || body || bodyHtml || html || headers || messageId || parts
	);
}

/**
 * msgreader needs Node's `buffer` module to load (through iconv-lite and safer-buffer), which a
 * browser build does not have unless it is aliased (see buffer-shim.ts). Without it the import
 * fails, and the person is told what to do instead of seeing a TypeError.
 */
async function loadMsgReader(): Promise<typeof MsgReader> {
	try {
		const module = await import('@kenjiuno/msgreader');
		// Node hands a CommonJS module's exports over as `default`; bundlers unwrap it once more.
		const exported = module.default as unknown as { default?: typeof MsgReader };
		return exported.default ?? module.default;
	} catch {
		throw new MsgReaderUnavailable('the .msg reader could not be loaded');
	}
}

/** The .msg reader could not be loaded here; parse-email.ts says what to do instead. */
export class MsgReaderUnavailable extends Error {}

/** msgreader wants an ArrayBuffer of its own (it reads from offset 0). */
function copyOf(bytes: Uint8Array): ArrayBuffer {
	const copy = new Uint8Array(bytes.byteLength);
	copy.set(bytes);
	return copy.buffer;
}

async function transportHeaders(headers: string | undefined): Promise<Envelope | null> {
	if (!headers?.trim()) return null;
	// Headers alone, with no body: the Content-Type they name describes a body not stored here.
	const email = await PostalMime.parse(headers.replace(/(\r?\n)*$/, '\r\n\r\n'));
	return envelope(email);
}

/**
 * Exchange senders and recipients carry an X.500 address (/O=EXCHANGELABS/OU=...) where
 * an SMTP one is expected; the SMTP address is in its own property then.
 */
function smtp(...candidates: (string | undefined)[]): string | null {
	const found = candidates.find((value) => value && /^[^\s@/]+@[^\s@]+$/.test(value.trim()));
	return found ? found.trim().toLowerCase() : null;
}

function sender(fields: FieldsData): Address | null {
	const address = smtp(
		fields.senderSmtpAddress,
		fields.sentRepresentingSmtpAddress,
		fields.senderEmail,
		fields.creatorSMTPAddress
	);
	return address ? { name: (fields.senderName ?? '').trim(), address } : null;
}

function mailbox(recipient: FieldsData): Address | null {
	const address = smtp(recipient.smtpAddress, recipient.email);
	if (!address) return null;
	const name = (recipient.name ?? '').trim();
	// Outlook writes the address as the name when there is none ('anna@example.com').
	return { name: name.toLowerCase() === address ? '' : name, address };
}

function bodyText(fields: FieldsData): string {
	if (fields.body?.trim()) return fields.body.replace(/\r\n?/g, '\n').trim();
	const html = fields.bodyHtml ?? (fields.html ? decodeCodePage(fields.html, fields) : '');
	return html ? htmlToText(html) : '';
}

/** PidTagHtml is bytes in the message's Internet code page. */
function decodeCodePage(bytes: Uint8Array, fields: FieldsData): string {
	const labels: Record<number, string> = {
		65001: 'utf-8',
		20127: 'us-ascii',
		28591: 'iso-8859-1',
		28592: 'iso-8859-2',
		28605: 'iso-8859-15',
		932: 'shift_jis',
		936: 'gbk',
		949: 'euc-kr',
		950: 'big5',
		874: 'windows-874'
	};
	const page = fields.internetCodepage ?? 65001;
	const label = labels[page] ?? (page >= 1250 && page <= 1258 ? `windows-${page}` : 'utf-8');
	try {
		return new TextDecoder(label).decode(bytes);
	} catch {
		return new TextDecoder('windows-1252').decode(bytes);
	}
}

function attachment(reader: MsgReader, att: FieldsData, index: number): EmailAttachment {
	const { content } = reader.getAttachment(att);
	const embedded = att.innerMsgContent === true;
	const name = attachmentName(att.fileName ?? att.fileNameShort ?? att.name, index);
	return {
		// An attached Outlook item is kept as a .msg of its own, named after its subject.
		filename: embedded && !/\.msg$/i.test(name) ? `${name}.msg` : name,
		mimeType: embedded
			? 'application/vnd.ms-outlook'
			: att.attachMimeTag || 'application/octet-stream',
		size: content.byteLength,
		content,
		inline: att.attachmentHidden === true || Boolean(att.pidContentId)
	};
}
