/**
 * What a dropped email file becomes: the fields an email interaction keeps, with no MIME left
 * in them. Both readers (.eml through postal-mime, .msg through msgreader) produce this shape.
 */

/** One mailbox. `address` is lower-cased so that matching and dedupe never depend on case. */
export type Address = { name: string; address: string };

export type EmailAttachment = {
	filename: string;
	mimeType: string;
	size: number;
	content: Uint8Array;
	/** Shown inside the body (a signature logo, a pasted image) rather than attached by hand. */
	inline: boolean;
};

export type ParsedEmail = {
	/** Message-ID without its angle brackets, domain part lower-cased; null when absent. */
	messageId: string | null;
	/** When it was sent, ms since the epoch; null when the Date header is missing or unreadable. */
	date: number | null;
	/** The offset the Date header was written in ('+02:00'); null when it names none. */
	timeZone: string | null;
	from: Address | null;
	to: Address[];
	cc: Address[];
	subject: string;
	/** Plain text only: an HTML-only message is converted, never passed on as HTML. */
	text: string;
	attachments: EmailAttachment[];
	/** What was read but may be wrong, for the person logging it ("the message looks cut off"). */
	warnings: string[];
};

/** A file that could not be read, with a message for the person who dropped it. */
export type EmailProblem = { problem: string };

export function isEmailProblem(value: ParsedEmail | EmailProblem): value is EmailProblem {
	return 'problem' in value;
}
