// The relay's SMTP client for one workspace's settings (nodemailer, a small pool of connections),
// and what an SMTP failure means: whether the message may have been taken anyway (then it is
// never sent again), whether trying later may help, and what the owner should do about it.
import nodemailer from 'nodemailer';
import type { SmtpSettings } from './smtp-settings.ts';
import { trustedCas } from './smtp-trust.ts';

/** Connecting, the greeting and each command: a server that does not answer is given up. */
const CONNECT_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 30_000;

export interface OutgoingMail {
	from: { name: string; address: string };
	to: { name: string; address: string };
	subject: string;
	text: string;
	html: string;
	messageId: string;
	headers: Record<string, string>;
}

export interface SmtpClient {
	send(mail: OutgoingMail): Promise<void>;
	verify(): Promise<void>;
	close(): void;
}

function transportOptions(settings: SmtpSettings) {
	return {
		pool: true as const,
		maxConnections: 4,
		host: settings.host,
		port: settings.port,
		secure: settings.tls === 'implicit',
		requireTLS: settings.tls === 'starttls',
		ignoreTLS: settings.tls === 'none',
		auth: settings.user ? { user: settings.user, pass: settings.password } : undefined,
		// The owner's certificate besides the public CAs; the name is checked all the same.
		tls: { ca: trustedCas(settings.trustedCertificate ?? '') },
		connectionTimeout: CONNECT_TIMEOUT_MS,
		greetingTimeout: CONNECT_TIMEOUT_MS,
		socketTimeout: SOCKET_TIMEOUT_MS,
		// Nothing of a message or the settings goes to a log from inside nodemailer.
		logger: false,
		debug: false,
		disableFileAccess: true,
		disableUrlAccess: true
	};
}

export function smtpClient(settings: SmtpSettings): SmtpClient {
	const transport = nodemailer.createTransport(transportOptions(settings));
	return {
		async send(mail) {
			await transport.sendMail({
				from: mail.from,
				to: mail.to,
				subject: mail.subject,
				text: mail.text,
				html: mail.html,
				messageId: mail.messageId,
				headers: mail.headers
			});
		},
		async verify() {
			await transport.verify();
		},
		close() {
			transport.close();
		}
	};
}

export type SmtpProblem = 'auth' | 'tls' | 'refused' | 'dns' | 'timeout' | 'rejected' | 'other';

export interface SmtpFailure {
	problem: SmtpProblem;
	/** Trying the same message later may succeed (the server or the network was down). */
	transient: boolean;
	/**
	 * The server may have taken the message before the failure (the connection dropped after
	 * the message was handed over): it must not be sent again.
	 */
	mayHaveSent: boolean;
	/** For the owner: what failed and what to do. Holds no setting but host and port. */
	message: string;
}

interface NodemailerError {
	code?: string;
	originalCode?: string;
	responseCode?: number;
	command?: string;
	response?: string;
	message?: string;
}

/**
 * What a failed send or verify means. Exactly-once wins over at-least-once: a failure that is not
 * known to come before the server took the message (a refusal, no connection, no login) counts
 * as one that may have sent it.
 */
export function classifyFailure(
	error: unknown,
	settings: Pick<SmtpSettings, 'host' | 'port' | 'tls' | 'trustedCertificate'>
): SmtpFailure {
	const e = (typeof error === 'object' && error !== null ? error : {}) as NodemailerError;
	const where = `${settings.host}:${settings.port}`;
	const system = e.originalCode ?? e.code ?? '';
	const reply = typeof e.response === 'string' ? e.response.slice(0, 200) : '';
	if (e.code === 'EAUTH' || e.code === 'ENOAUTH') {
		return {
			problem: 'auth',
			transient: false,
			mayHaveSent: false,
			message:
				`${where} refused the user name or password${reply ? ` (${reply})` : ''}. Check them ` +
				'(some providers want an app password) and save again.'
		};
	}
	if (system === 'ECONNREFUSED') {
		return {
			problem: 'refused',
			transient: true,
			mayHaveSent: false,
			message: `Nothing answers at ${where} (connection refused). Check the server name and port.`
		};
	}
	if (e.code === 'EDNS' || system === 'ENOTFOUND' || system === 'EAI_AGAIN') {
		return {
			problem: 'dns',
			transient: true,
			mayHaveSent: false,
			message: `No server is found by the name ${settings.host}. Check the spelling.`
		};
	}
	const certificate = certificateProblem(system, where, settings);
	if (certificate) {
		return { problem: 'tls', transient: false, mayHaveSent: false, message: certificate };
	}
	if (e.code === 'ETLS' || /STARTTLS|certificate|SSL|TLS|wrong version/i.test(e.message ?? '')) {
		const noStartTls = settings.tls === 'starttls' && /STARTTLS/i.test(e.message ?? '');
		const plainServer = /wrong version number/i.test(e.message ?? '');
		return {
			problem: 'tls',
			transient: false,
			mayHaveSent: false,
			message: plainServer
				? `${where} does not speak TLS from the start (implicit TLS). Choose STARTTLS ` +
					"(usually port 587), or 'None' for a server on your own network."
				: noStartTls
					? `${where} does not offer STARTTLS. Choose implicit TLS (usually port 465), or the ` +
						"port your provider names for STARTTLS (usually 587); 'None' only for a server on " +
						'your own network.'
					: `The secure connection to ${where} failed (${(e.message ?? '').slice(0, 120)}). ` +
						'STARTTLS usually goes with port 587, implicit TLS with port 465.'
		};
	}
	if (typeof e.responseCode === 'number' && e.code !== 'ECONNECTION') {
		// The server answered with a refusal: it did not take the message.
		const permanent = e.responseCode >= 500 && e.responseCode !== 503;
		return {
			problem: 'rejected',
			transient: !permanent,
			mayHaveSent: false,
			message: `${where} refused the message: ${reply || e.responseCode}`
		};
	}
	if (e.code === 'ETIMEDOUT' || system === 'ETIMEDOUT') {
		return {
			problem: 'timeout',
			transient: true,
			// Timed out connecting or waiting for the greeting: nothing was sent yet.
			mayHaveSent: !/Connection timeout|Greeting never received/i.test(e.message ?? ''),
			message:
				`No answer from ${where} in time. Check the port, and that this relay may reach ` +
				'the server (a firewall).'
		};
	}
	return {
		problem: 'other',
		transient: e.code === 'ECONNECTION' || e.code === 'ESOCKET' || system.startsWith('E'),
		mayHaveSent: true,
		message: `Sending through ${where} failed: ${(e.message ?? String(error)).slice(0, 200)}`
	};
}

/** Node's codes for a certificate no trusted CA vouches for. */
const UNTRUSTED = new Set([
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
]);

/** What the owner should do about the server's certificate, or null: not a certificate failure. */
function certificateProblem(
	code: string,
	where: string,
	settings: Pick<SmtpSettings, 'host' | 'trustedCertificate'>
): string | null {
	if (UNTRUSTED.has(code)) {
		return settings.trustedCertificate
			? `The certificate of ${where} is not the one under "Trusted certificate", nor signed by ` +
					'it. Paste the certificate this server shows (or the CA that signed it) again.'
			: `The certificate of ${where} is not vouched for by a public CA (self-signed, or from ` +
					'your company’s own CA). If this is your company’s mail server, paste its ' +
					'certificate, or your CA’s, under "Trusted certificate".';
	}
	if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
		return (
			`The certificate of ${where} is not made out to ${settings.host}. Enter the server by ` +
			'the name its certificate names.'
		);
	}
	if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
		return `The certificate of ${where} is ${code === 'CERT_HAS_EXPIRED' ? 'out of date' : 'not valid yet'}: whoever runs the server must renew it.`;
	}
	return null;
}
