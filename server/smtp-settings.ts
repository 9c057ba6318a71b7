// Each workspace's SMTP server for campaign sending, set by its owner (http-smtp.ts) and kept on
// the relay only: DATA_DIR/smtp-settings.json, mode 0600, written as auth.json is (lock, temp
// file, fsync, rename). The password never leaves this module but to the SMTP client: views
// carry `passwordSet` instead, and nothing here is logged.
import fs from 'node:fs';
import path from 'node:path';
import { readFileIfAny, writeFileAtomic } from './atomic-file.ts';
import { withFileLock } from './file-lock.ts';
import { parseTrustedPem } from './smtp-trust.ts';

export const TLS_MODES = ['none', 'starttls', 'implicit'] as const;
export type TlsMode = (typeof TLS_MODES)[number];

export interface SmtpSettings {
	host: string;
	port: number;
	/** none: plain (a server on the same machine); starttls: upgrade, required; implicit: TLS from the start (465). */
	tls: TlsMode;
	/** Empty: the server takes mail without logging in. */
	user: string;
	password: string;
	fromAddress: string;
	fromName: string;
	/** Messages per second at most, for this workspace. */
	ratePerSec: number;
	/**
	 * PEM certificate(s) trusted besides the public CAs for this server (an internal mail
	 * server's self-signed certificate or the company's CA); '' for none. Not secret: shown back.
	 * Missing in files written before it existed.
	 */
	trustedCertificate?: string;
	/** Where a mail program's unsubscribe e-mail goes (List-Unsubscribe's mailto:); '' none. */
	unsubscribeMailbox?: string;
	updatedAt: string;
}

/** What the owner's screen may see: everything but the password. */
export type SmtpView = Omit<SmtpSettings, 'password'> & { passwordSet: boolean };

export const MAX_RATE_PER_SEC = 1000;

/** A setting the owner sent that cannot be used; the message says which and what to do. */
export class SmtpSettingsError extends Error {}

const HOST = /^[A-Za-z0-9.-]{1,253}$|^\[[0-9A-Fa-f:.]{2,45}\]$/;
/** An address as a mail server takes it: one @, no spaces or angle brackets. */
export const ADDRESS =
	/^[^\s@<>()",;:\\]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z0-9-]{2,63}$|^[^\s@<>()",;:\\]{1,64}@localhost$/;

export function viewOf(settings: SmtpSettings): SmtpView {
	const { password, ...rest } = settings;
	return { ...rest, passwordSet: password !== '' };
}

/**
 * Settings from the owner's input laid over what is stored: a password left out (or null)
 * keeps the stored one, so the form need not show it; an empty string removes it.
 */
export function parseSettings(
	input: Record<string, unknown>,
	stored: SmtpSettings | undefined,
	defaultRate: number
): SmtpSettings {
	const text = (key: string, label: string, max: number, fallback = ''): string => {
		const value = input[key] ?? fallback;
		if (typeof value !== 'string') throw new SmtpSettingsError(`${label} must be text`);
		if (value.length > max)
			throw new SmtpSettingsError(`${label} is longer than ${max} characters`);
		if (/[\r\n]/.test(value)) throw new SmtpSettingsError(`${label} must be one line`);
		return value.trim();
	};
	const host = text('host', 'Server', 253);
	if (!HOST.test(host)) {
		throw new SmtpSettingsError(
			'Server must be a host name like smtp.example.com or an IP address'
		);
	}
	const port = input.port ?? (input.tls === 'implicit' ? 465 : 587);
	if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
		throw new SmtpSettingsError('Port must be a whole number from 1 to 65535 (usually 587 or 465)');
	}
	const tls = input.tls ?? 'starttls';
	if (!TLS_MODES.includes(tls as TlsMode)) {
		throw new SmtpSettingsError(`Security must be one of ${TLS_MODES.join(', ')}`);
	}
	const user = text('user', 'User name', 256);
	let password = stored?.password ?? '';
	if (input.password !== undefined && input.password !== null) {
		if (typeof input.password !== 'string' || input.password.length > 1024) {
			throw new SmtpSettingsError('Password must be text of at most 1024 characters');
		}
		password = input.password;
	}
	const fromAddress = text('fromAddress', 'From address', 320);
	if (!ADDRESS.test(fromAddress)) {
		throw new SmtpSettingsError('From address must be an e-mail address like news@example.com');
	}
	const fromName = text('fromName', 'From name', 200);
	const ratePerSec = input.ratePerSec ?? stored?.ratePerSec ?? defaultRate;
	if (
		typeof ratePerSec !== 'number' ||
		!Number.isFinite(ratePerSec) ||
		ratePerSec <= 0 ||
		ratePerSec > MAX_RATE_PER_SEC
	) {
		throw new SmtpSettingsError(
			`Messages per second must be a number above 0, at most ${MAX_RATE_PER_SEC}`
		);
	}
	const unsubscribeMailbox = text(
		'unsubscribeMailbox',
		'Unsubscribe mailbox',
		320,
		stored?.unsubscribeMailbox ?? ''
	);
	// No ? & # %: it becomes a mailto: URI (RFC 6068), where they would start its query.
	if (
		unsubscribeMailbox !== '' &&
		(!ADDRESS.test(unsubscribeMailbox) || /[?&#%]/.test(unsubscribeMailbox))
	) {
		throw new SmtpSettingsError(
			'Unsubscribe mailbox must be an e-mail address like unsubscribe@example.com, or empty'
		);
	}
	const pem = input.trustedCertificate ?? stored?.trustedCertificate ?? '';
	if (typeof pem !== 'string')
		throw new SmtpSettingsError('Trusted certificate must be text (PEM)');
	const trusted = parseTrustedPem(pem);
	if ('problem' in trusted) throw new SmtpSettingsError(trusted.problem);
	return {
		host,
		port,
		tls: tls as TlsMode,
		user,
		password,
		fromAddress,
		fromName,
		ratePerSec,
		trustedCertificate: trusted.blocks.join('\n'),
		unsubscribeMailbox,
		updatedAt: new Date().toISOString()
	};
}

/**
 * Where the settings are kept: this file (one relay process), or PostgreSQL with DATABASE_URL
 * (pg-campaign-settings.ts). `get` answers at once, for every message sent; `read` the newest,
 * for the owner's screen.
 */
export interface SmtpSettingsSource {
	get(workspaceId: string): SmtpSettings | undefined;
	read(workspaceId: string): Promise<SmtpSettings | undefined>;
	set(workspaceId: string, settings: SmtpSettings): void | Promise<void>;
	/** Removes the workspace's settings; whether there were any. */
	delete(workspaceId: string): boolean | Promise<boolean>;
}

interface SettingsFile {
	version: 1;
	workspaces: Record<string, SmtpSettings>;
}

export class SmtpSettingsStore implements SmtpSettingsSource {
	readonly file: string;
	private readonly lockFile: string;
	/** The file as last read, and its stamp: sending asks per message, the disk once per change. */
	private cached: SettingsFile | null = null;
	private stamp = '';

	constructor(dataDir: string) {
		this.file = path.join(dataDir, 'smtp-settings.json');
		this.lockFile = this.file + '.lock';
		fs.mkdirSync(dataDir, { recursive: true });
	}

	get(workspaceId: string): SmtpSettings | undefined {
		if (!this.cached || this.currentStamp() !== this.stamp) {
			this.cached = withFileLock(this.lockFile, () => {
				this.stamp = this.currentStamp();
				return this.readFile();
			});
		}
		return this.cached.workspaces[workspaceId];
	}

	read(workspaceId: string): Promise<SmtpSettings | undefined> {
		try {
			return Promise.resolve(this.get(workspaceId));
		} catch (error) {
			return Promise.reject(error as Error);
		}
	}

	set(workspaceId: string, settings: SmtpSettings): void {
		this.mutate((file) => (file.workspaces[workspaceId] = settings));
	}

	/** Removes the workspace's settings; whether there were any. */
	delete(workspaceId: string): boolean {
		return this.mutate((file) => {
			const had = workspaceId in file.workspaces;
			delete file.workspaces[workspaceId];
			return had;
		});
	}

	private mutate<T>(change: (file: SettingsFile) => T): T {
		return withFileLock(this.lockFile, () => {
			const file = this.readFile();
			const result = change(file);
			writeFileAtomic(this.file, JSON.stringify(file, null, '\t') + '\n', 0o600);
			this.cached = null;
			return result;
		});
	}

	private currentStamp(): string {
		try {
			const stat = fs.statSync(this.file);
			return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
			throw error;
		}
	}

	private readFile(): SettingsFile {
		const text = readFileIfAny(this.file);
		let parsed: SettingsFile;
		try {
			parsed = (text ? JSON.parse(text) : { version: 1, workspaces: {} }) as SettingsFile;
		} catch {
			// Not the parser's message: it quotes the text, and the text holds passwords.
			throw new Error(`${this.file} is not valid JSON`);
		}
		if (parsed.version !== 1 || typeof parsed.workspaces !== 'object' || !parsed.workspaces) {
			throw new Error(`${this.file} is not an SMTP settings store`);
		}
		// Object.create(null) semantics: a workspace id never reaches Object.prototype.
		return { version: 1, workspaces: Object.assign(Object.create(null), parsed.workspaces) };
	}
}
