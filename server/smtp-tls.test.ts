// Campaigns sent over TLS to a company's own mail server: real smtp-servers with a self-signed
// certificate made here (no key committed), one speaking TLS from the start (465-style), one
// offering STARTTLS and taking a login only after it. The owner trusts the certificate in the
// SMTP settings; without it, or with another one, the owner is told what to do, and a send waits
// until the certificate is trusted, then each recipient gets the message once, encrypted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	SMTP_PASSWORD,
	SMTP_USER,
	newCampaignId,
	putPeople,
	recipients,
	sendCampaign,
	setSmtp,
	statusesOf,
	waitFinal
} from './campaign-test-kit.ts';
import { DocsClient, docsUrl } from './docs-client.ts';
import { selfSignedCertificate, testSmtp, type TestSmtp } from './smtp-test-server.ts';
import { api, createWorkspace, startRelay, type RelayProcess } from './test-helpers.ts';

const IMPLICIT_PORT = 4711;
const STARTTLS_PORT = 4712;
const OTHER_NAME_PORT = 4713;

let relay: RelayProcess;
let implicit: TestSmtp;
let starttls: TestSmtp;
let otherName: TestSmtp;
let cert: { key: string; cert: string };
let otherNameCert: { key: string; cert: string };
let workspaceId: string;
let token: string;
let client: DocsClient;

const login = { user: SMTP_USER, password: SMTP_PASSWORD };
const smtpPath = () => `/api/workspaces/${workspaceId}/smtp`;
const verify = async (body: Record<string, unknown>) =>
	(await api(relay, 'POST', `${smtpPath()}/verify`, { token, body })).body as {
		ok: boolean;
		problem?: string;
		message?: string;
	};

beforeAll(async () => {
	cert = await selfSignedCertificate({ dns: ['localhost'], ip: ['127.0.0.1'] });
	otherNameCert = await selfSignedCertificate({ dns: ['mail.internal.example'] });
	implicit = testSmtp({ port: IMPLICIT_PORT, ...login, tls: { mode: 'implicit', ...cert } });
	starttls = testSmtp({ port: STARTTLS_PORT, ...login, tls: { mode: 'starttls', ...cert } });
	otherName = testSmtp({
		port: OTHER_NAME_PORT,
		...login,
		tls: { mode: 'implicit', ...otherNameCert }
	});
	await Promise.all([implicit.start(), starttls.start(), otherName.start()]);
	relay = await startRelay({
		env: { CAMPAIGN_RETRY_BASE_MS: '200', CAMPAIGN_RETRY_MAX_MS: '400' }
	});
	({ workspaceId, token } = await createWorkspace(relay, 'Green Fork'));
	client = new DocsClient(docsUrl(relay, workspaceId), token);
	await client.opened;
}, 30_000);

afterAll(async () => {
	await client?.close();
	await relay?.stop();
	await Promise.all([implicit?.stop(), starttls?.stop(), otherName?.stop()]);
});

async function sendTo(tag: string) {
	const people = recipients(3, tag);
	await putPeople(client, people);
	const doc = await sendCampaign(client, newCampaignId(), people);
	return { people, doc, ids: people.map((p) => p.personId) };
}

describe('campaigns over TLS with a trusted certificate', () => {
	it('implicit TLS (465-style) delivers each message once, encrypted', async () => {
		await setSmtp(relay, workspaceId, token, IMPLICIT_PORT, {
			tls: 'implicit',
			trustedCertificate: cert.cert,
			ratePerSec: 100
		});
		const { people, doc, ids } = await sendTo('i');
		const statuses = await waitFinal(client, doc, ids);
		for (const p of people) {
			expect(statuses.get(p.personId)).toMatchObject({ state: 'sent', attempts: 1 });
			const mails = implicit.received.filter((m) => m.to.includes(p.address));
			expect(mails).toHaveLength(1);
			expect(mails[0].secure).toBe(true);
		}
		expect(implicit.logins.at(-1)).toEqual(login);
	});

	it('STARTTLS delivers each message once, logged in only after the upgrade', async () => {
		await setSmtp(relay, workspaceId, token, STARTTLS_PORT, {
			tls: 'starttls',
			trustedCertificate: cert.cert,
			ratePerSec: 100
		});
		const { people, doc, ids } = await sendTo('s');
		const statuses = await waitFinal(client, doc, ids);
		for (const p of people) {
			expect(statuses.get(p.personId)).toMatchObject({ state: 'sent', attempts: 1 });
			const mails = starttls.received.filter((m) => m.to.includes(p.address));
			expect(mails).toHaveLength(1);
			expect(mails[0].secure).toBe(true);
		}
		// The server refuses a login before STARTTLS, so a login it took came encrypted.
		expect(starttls.logins.at(-1)).toEqual(login);
	});

	it('shows the trusted certificate back, and refuses a key or garbage changing nothing', async () => {
		const before = (await api(relay, 'GET', smtpPath(), { token })).body as Record<string, unknown>;
		expect(before.trustedCertificate).toBe(cert.cert.trim());
		const base = {
			host: '127.0.0.1',
			port: STARTTLS_PORT,
			tls: 'starttls',
			...login,
			fromAddress: 'news@shop.example'
		};
		const cases: Array<[string, RegExp]> = [
			[cert.key, /That is a private key/],
			['hello', /Paste the certificate as PEM/],
			[`${cert.cert}\nsomething else`, /Paste the certificate as PEM/],
			[
				'-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
				/Certificate 1 of 1 cannot be read/
			]
		];
		for (const [pem, message] of cases) {
			const res = await api(relay, 'PUT', smtpPath(), {
				token,
				body: { ...base, trustedCertificate: pem }
			});
			expect(res.status).toBe(400);
			expect((res.body as { error: string }).error).toMatch(message);
			expect(JSON.stringify(res.body)).not.toContain('PRIVATE');
		}
		expect((await api(relay, 'GET', smtpPath(), { token })).body).toEqual(before);
	});
});

describe('an untrusted certificate', () => {
	it('Test connection says what to do: not trusted, another certificate, another name', async () => {
		const base = { host: '127.0.0.1', ...login, fromAddress: 'news@shop.example' };
		for (const [port, tls] of [
			[IMPLICIT_PORT, 'implicit'],
			[STARTTLS_PORT, 'starttls']
		] as const) {
			const none = await verify({ ...base, port, tls, trustedCertificate: '' });
			expect(none).toMatchObject({ ok: false, problem: 'tls' });
			expect(none.message).toMatch(
				/not vouched for by a public CA \(self-signed, or from your company’s own CA\).*paste its certificate, or your CA’s, under "Trusted certificate"/
			);
			const other = await verify({ ...base, port, tls, trustedCertificate: otherNameCert.cert });
			expect(other).toMatchObject({ ok: false, problem: 'tls' });
			expect(other.message).toMatch(/is not the one under "Trusted certificate"/);
			expect(await verify({ ...base, port, tls, trustedCertificate: cert.cert })).toEqual({
				ok: true
			});
		}
		const misnamed = await verify({
			...base,
			port: OTHER_NAME_PORT,
			tls: 'implicit',
			trustedCertificate: otherNameCert.cert
		});
		expect(misnamed).toMatchObject({ ok: false, problem: 'tls' });
		expect(misnamed.message).toMatch(/is not made out to 127\.0\.0\.1/);
	});

	it('a send waits with the reason, and leaves once when the certificate is trusted', async () => {
		await setSmtp(relay, workspaceId, token, IMPLICIT_PORT, {
			tls: 'implicit',
			trustedCertificate: '',
			ratePerSec: 100
		});
		const before = implicit.received.length;
		const { people, doc, ids } = await sendTo('u');
		await client.waitUntil(
			() =>
				ids.every((id) =>
					/Trying again in \d+ s: The certificate of 127\.0\.0\.1:4711 is not vouched for/.test(
						statusesOf(doc).get(id)?.reason ?? ''
					)
				),
			'queued with the certificate problem'
		);
		expect(implicit.received.length).toBe(before);
		await setSmtp(relay, workspaceId, token, IMPLICIT_PORT, {
			tls: 'implicit',
			trustedCertificate: cert.cert,
			ratePerSec: 100
		});
		const statuses = await waitFinal(client, doc, ids);
		for (const p of people) {
			expect(statuses.get(p.personId)?.state).toBe('sent');
			expect(implicit.countFor(p.address)).toBe(1);
		}
	});
});
