/**
 * An attachment's file name as a sender wrote it, made safe to show and to save: no folders
 * (old Outlook sends 'C:\Users\…\offer.pdf'; a hostile sender '../../.bashrc'), no control
 * characters, and no bidirectional overrides, which make 'invoice‮fdp.exe' read as
 * 'invoiceexe.pdf'.
 */

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Windows refuses longer names; a name of thousands of characters is not a name. */
const MAX_LENGTH = 200;

export function attachmentName(raw: string | null | undefined, index: number): string {
	const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
	const cleaned = base.replace(/\s+/g, ' ').replace(UNSAFE, '').trim();
	// '.' and '..' are folders, not files.
	const name = /^\.+$/.test(cleaned) ? '' : cleaned;
	if (!name) return `attachment-${index + 1}`;
	if (name.length <= MAX_LENGTH) return name;
	// Keep the extension, which says what opens the file.
	const extension = /\.[^.\s]{1,10}$/.exec(name)?.[0] ?? '';
	return name.slice(0, MAX_LENGTH - extension.length) + extension;
}
