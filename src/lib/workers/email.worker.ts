/**
 * Reads dropped e-mail files off the page's thread: a 20 MB message takes the parser a second
 * or two, which in the page would freeze scrolling and typing.
 */
import { parseEmailFile } from '$lib/domain/email/parse-email';
import type { EmailRequest, EmailAnswer } from './email-reader';

self.onmessage = async (event: MessageEvent<EmailRequest>) => {
	const { id, name, bytes } = event.data;
	let answer: EmailAnswer;
	try {
		answer = { id, result: await parseEmailFile(name, bytes) };
	} catch (err) {
		answer = { id, result: { problem: `${name} could not be read (${String(err)}).` } };
	}
	// Each buffer once: two attachments may be views into one.
	const transfer =
		'attachments' in answer.result
			? [...new Set(answer.result.attachments.map((a) => a.content.buffer as ArrayBuffer))]
			: [];
	(self as unknown as Worker).postMessage(answer, transfer);
};
