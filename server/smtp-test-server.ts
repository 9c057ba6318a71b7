// For the relay's tests and the campaign bench: a real SMTP server (the `smtp-server` package) on
// loopback that logs in one user and keeps every message it accepts, parsed (postal-mime), so a
// test counts what arrived by Message-ID and recipient. It can be stopped and started again on
// the same port (SMTP down for a while), and made slow to answer (a relay killed mid-send). With
// a key and certificate (selfSignedCertificate(), made at test time: no key is committed) it
// speaks TLS from the start (465-style) or offers STARTTLS and takes a login only after it.
import PostalMime from 'postal-mime';
import { generate } from 'selfsigned';
import { SMTPServer } from 'smtp-server';
import { fixedTestPort } from './test-port';

export interface ReceivedMail {
	messageId: string;
	to: string[];
	from: string;
	subject: string;
	text: string;
	html: string;
	headers: Map<string, string>;
	raw: string;
	/** Whether the message came over TLS (implicit, or after STARTTLS). */
	secure: boolean;
}

export interface TestTls {
	/** implicit: TLS from the first byte; starttls: plain until the client upgrades. */
	mode: 'implicit' | 'starttls';
	key: string;
	cert: string;
}

/** A self-signed certificate and its key (PEM) for the given host names and IP addresses. */
export async function selfSignedCertificate(
	names: { dns?: string[]; ip?: string[] } = { dns: ['localhost'], ip: ['127.0.0.1'] }
): Promise<{ key: string; cert: string }> {
	const altNames = [
		...(names.dns ?? []).map((value) => ({ type: 2 as const, value })),
		...(names.ip ?? []).map((ip) => ({ type: 7 as const, ip }))
	];
	const pems = await generate([{ name: 'commonName', value: names.dns?.[0] ?? 'smtp.test' }], {
		keyType: 'ec',
		algorithm: 'sha256',
		extensions: [
			{ name: 'basicConstraints', cA: false },
			{ name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
			{ name: 'extKeyUsage', serverAuth: true },
			{ name: 'subjectAltName', altNames }
		]
	});
	return { key: pems.private, cert: pems.cert };
}

export interface TestSmtp {
	readonly port: number;
	readonly received: ReceivedMail[];
	/** Login attempts, with the password each one gave. */
	readonly logins: Array<{ user: string; password: string }>;
	/** ms to wait before accepting each message. */
	delayMs: number;
	start(): Promise<void>;
	stop(): Promise<void>;
	/** How many messages arrived for an address. */
	countFor(address: string): number;
}

export function testSmtp(options: {
	port: number;
	user: string;
	password: string;
	tls?: TestTls;
}): TestSmtp {
	fixedTestPort(options.port);
	const tls = options.tls;
	let server: SMTPServer | null = null;
	const received: ReceivedMail[] = [];
	const logins: Array<{ user: string; password: string }> = [];
	const state: TestSmtp = {
		port: options.port,
		received,
		logins,
		delayMs: 0,
		async start() {
			server = new SMTPServer({
				// Without TLS: plain SMTP on loopback, the relay's 'none' mode. Login still required;
				// with STARTTLS only once upgraded, as a mail server on a network wants it.
				...(tls
					? { secure: tls.mode === 'implicit', key: tls.key, cert: tls.cert }
					: { disabledCommands: ['STARTTLS'] }),
				allowInsecureAuth: !tls,
				authOptional: false,
				logger: false,
				// No reverse DNS per connection: the bench measures sending, not the resolver.
				disableReverseLookup: true,
				onAuth(auth, _session, callback) {
					logins.push({ user: auth.username ?? '', password: auth.password ?? '' });
					if (auth.username === options.user && auth.password === options.password) {
						callback(null, { user: auth.username });
					} else callback(new Error('Invalid username or password'));
				},
				onData(stream, session, callback) {
					const chunks: Buffer[] = [];
					stream.on('data', (chunk: Buffer) => chunks.push(chunk));
					stream.on('end', () => {
						const raw = Buffer.concat(chunks).toString('utf8');
						void PostalMime.parse(raw).then(
							(email) => {
								setTimeout(() => {
									received.push({
										messageId: email.messageId ?? '',
										to: session.envelope.rcptTo.map((r) => r.address),
										from: email.from?.address ?? '',
										subject: email.subject ?? '',
										text: email.text ?? '',
										html: email.html ?? '',
										headers: new Map(email.headers.map((h) => [h.key, h.value])),
										raw,
										secure: session.secure
									});
									callback();
								}, state.delayMs);
							},
							(error: Error) => callback(error)
						);
					});
				}
			});
			const s = server;
			await new Promise<void>((resolve, reject) => {
				s.once('error', reject);
				s.listen(options.port, '127.0.0.1', () => resolve());
			});
			// Once listening, an error is a client's connection failing — a relay killed mid-send
			// resets its sockets (ECONNRESET). smtp-server emits those on the server, and with no
			// listener Node throws them: the crash test failed on its own test server.
			s.removeAllListeners('error');
			s.on('error', () => {});
		},
		async stop() {
			const s = server;
			server = null;
			if (!s) return;
			// Open client connections are cut, as when a mail server goes down.
			await new Promise<void>((resolve) => {
				s.close(() => resolve());
				for (const connection of (s as unknown as { connections: Set<{ close(): void }> })
					.connections ?? [])
					connection.close();
			});
		},
		countFor(address: string) {
			return received.filter((m) => m.to.includes(address)).length;
		}
	};
	return state;
}
