// A certificate the owner tells the relay to trust for their SMTP server: a company's internal
// mail server often has a certificate from the company's own CA, or a self-signed one, which the
// public CAs Node knows do not vouch for. The owner pastes that certificate (or the CA's) as PEM;
// it is trusted besides the public CAs, and the server's name is still checked against it — so
// unlike "accept any certificate" a stranger in between is still refused.
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';

/** Certificates only: a CA chain of a few is a few KB. */
export const MAX_TRUSTED_PEM = 32 * 1024;

const BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Why pasted text cannot be trusted, or the certificates it holds (PEM blocks, each parsed). */
export function parseTrustedPem(text: string): { blocks: string[] } | { problem: string } {
	const trimmed = text.trim();
	if (trimmed === '') return { blocks: [] };
	if (trimmed.length > MAX_TRUSTED_PEM)
		return { problem: `The certificate is longer than ${MAX_TRUSTED_PEM / 1024} KB` };
	if (/PRIVATE KEY-----/.test(trimmed))
		return {
			problem:
				'That is a private key: paste the mail server’s certificate (or your CA’s), never a key'
		};
	const blocks = trimmed.match(BLOCK) ?? [];
	const rest = trimmed.replace(BLOCK, '').trim();
	if (blocks.length === 0 || rest !== '')
		return {
			problem:
				'Paste the certificate as PEM: the text from -----BEGIN CERTIFICATE----- to ' +
				'-----END CERTIFICATE-----, nothing else'
		};
	for (const [i, block] of blocks.entries()) {
		try {
			new X509Certificate(block);
		} catch {
			return { problem: `Certificate ${i + 1} of ${blocks.length} cannot be read: paste it again` };
		}
	}
	return { blocks };
}

/** The CAs a connection trusts: the public ones, plus the owner's (none: Node's default). */
export function trustedCas(pem: string): string[] | undefined {
	const parsed = parseTrustedPem(pem);
	if ('problem' in parsed || parsed.blocks.length === 0) return undefined;
	return [...rootCertificates, ...parsed.blocks];
}
