/**
 * One dropped file to an email interaction's fields, or a message saying why not. Never throws:
 * a drop of twenty files must log the nineteen good ones and explain the twentieth.
 *
 * Hostile input is bounded before any parser sees it: the size limit caps memory (attachments
 * are only decoded, never decompressed, so a zip bomb stays its compressed size), the
 * structure checks cap the number of MIME parts and refuse .msg files whose sector chains loop
 * (cfb-check.ts), and whatever HTML survives is turned to text.
 */
import { looksLikeMime, tooManyParts, withoutLeadingBlankLines } from './mime-shape';
import { parseEml } from './parse-eml';
import { isOutlookMsg, MsgReaderUnavailable, parseMsg } from './parse-msg';
import type { EmailProblem, ParsedEmail } from './parsed-email';

export type { Address, EmailAttachment, EmailProblem, ParsedEmail } from './parsed-email';
export { isEmailProblem } from './parsed-email';

/** Mail servers refuse messages above 20–35 MB, so a real email file is rarely any larger. */
export const MAX_EMAIL_BYTES = 25 * 1024 * 1024;

export async function parseEmailFile(
	name: string,
	bytes: ArrayBuffer | Uint8Array
): Promise<ParsedEmail | EmailProblem> {
	const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
	const file = `“${name}”`;
	if (data.byteLength === 0) {
		return { problem: `${file} is empty. Save the message again from your mail program.` };
	}
	if (data.byteLength > MAX_EMAIL_BYTES) {
		return {
			problem:
				`${file} is ${megabytes(data.byteLength)}; emails up to ${megabytes(MAX_EMAIL_BYTES)} ` +
				'can be logged. Forward it to yourself without its attachments and drop that one.'
		};
	}
	try {
		const notMsg = `${file} is not an Outlook message. Save it again from Outlook (File › Save As).`;
		// By content first: an .eml renamed .msg (or saved with no extension) is still an email.
		if (isOutlookMsg(data)) {
			const email = await parseMsg(data);
			return email ? usable(email, file) : { problem: notMsg };
		}
		if (!looksLikeMime(data)) {
			if (/\.msg$/i.test(name)) return { problem: notMsg };
			return {
				problem:
					`${file} is not an email. Drop .eml files (drag the message out of your mail ` +
					'program) or Outlook .msg files.'
			};
		}
		if (tooManyParts(data)) {
			return { problem: `${file} has too many parts to be a real email; it was not logged.` };
		}
		return usable(await parseEml(withoutLeadingBlankLines(data)), file);
	} catch (error) {
		if (error instanceof MsgReaderUnavailable) {
			return {
				problem:
					`${file} is an Outlook .msg file, which this version of the app cannot read. Save ` +
					'the message as an .eml file (Outlook on the web and the new Outlook can) and drop that.'
			};
		}
		const reason = error instanceof Error ? error.message : String(error);
		return {
			problem: `${file} could not be read (${reason}). Save the message again from your mail program.`
		};
	}
}

/** A message with nothing to log is more likely a mistake than an email. */
function usable(email: ParsedEmail, file: string): ParsedEmail | EmailProblem {
	const empty =
		!email.from && email.to.length === 0 && !email.subject && email.date === null && !email.text;
	if (!empty) return email;
	return {
		problem: `${file} has no sender, recipients, subject, date or text; it was not logged.`
	};
}

function megabytes(bytes: number): string {
	// Rounded up, so a file just over the limit never reads as exactly the limit.
	const mb = Math.ceil((bytes / (1024 * 1024)) * 10) / 10;
	return `${mb} MB`;
}
