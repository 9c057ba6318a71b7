// One campaign message as it leaves: the app's rendered subject, text and HTML (the preview is
// what is sent), plus what the relay owes every recipient — a one-click unsubscribe link in the
// footer of both parts and in the List-Unsubscribe headers (RFC 2369, one-click per RFC 8058),
// and a Message-ID made from (workspace, campaign, person), the same on every try. When the
// owner names an unsubscribe mailbox, a mailto: follows the link for mail programs that only
// write (RFC 2369 allows several, in order of preference; RFC 8058's one-click URI stays first):
// its subject carries the link, so whoever reads that mailbox opens it and presses the button.
import { createHash } from 'node:crypto';
import type { OutboxMessage } from './campaign-outbox.ts';
import type { OutgoingMail } from './smtp-client.ts';
import type { SmtpSettings } from './smtp-settings.ts';

export interface MailInput {
	workspaceId: string;
	campaignId: string;
	personId: string;
	message: OutboxMessage;
	settings: Pick<SmtpSettings, 'fromAddress' | 'fromName' | 'unsubscribeMailbox'>;
	/** The name the sender chose at Send; the settings' name when empty. */
	fromName: string;
	unsubscribeUrl: string;
}

/** `<hash@domain>`: the domain is the From address's, as mail servers expect. */
export function campaignMessageId(
	input: Omit<MailInput, 'message' | 'fromName' | 'unsubscribeUrl'>
) {
	const hash = createHash('sha256')
		.update(`${input.workspaceId}\n${input.campaignId}\n${input.personId}`)
		.digest('hex')
		.slice(0, 32);
	const domain = input.settings.fromAddress.split('@')[1] ?? 'localhost';
	return `<campaign.${hash}@${domain}>`;
}

export function campaignMail(input: MailInput): OutgoingMail {
	const { message, unsubscribeUrl } = input;
	return {
		from: { name: input.fromName || input.settings.fromName, address: input.settings.fromAddress },
		to: { name: message.name, address: message.to },
		subject: message.subject,
		text: `${message.text.replace(/\s+$/, '')}\n\n-- \nUnsubscribe: ${unsubscribeUrl}\n`,
		html: withFooter(message.html, unsubscribeUrl),
		messageId: campaignMessageId(input),
		headers: {
			'List-Unsubscribe': listUnsubscribe(unsubscribeUrl, input.settings.unsubscribeMailbox),
			'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
		}
	};
}

/** `<link>`, or `<link>, <mailto:box?subject=…>` with a mailbox: the one-click link first. */
export function listUnsubscribe(url: string, mailbox = ''): string {
	if (!mailbox) return `<${url}>`;
	const subject = encodeURIComponent(`Unsubscribe ${url}`);
	return `<${url}>, <mailto:${mailbox}?subject=${subject}>`;
}

const escapeHtml = (s: string) =>
	s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The unsubscribe line at the end of the body (before `</body>` when the HTML has one). */
function withFooter(html: string, url: string): string {
	const footer =
		'<p style="font-size:12px;color:#555;margin-top:24px">' +
		`Don't want these emails? <a href="${escapeHtml(url)}">Unsubscribe</a></p>`;
	const end = html.toLowerCase().lastIndexOf('</body');
	return end < 0 ? html + footer : html.slice(0, end) + footer + html.slice(end);
}
