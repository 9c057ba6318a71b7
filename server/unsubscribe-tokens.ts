// Unsubscribe links: `/unsubscribe/<token>`, the token naming the workspace, campaign and person
// and signed with a secret only this relay holds (HMAC-SHA256), so nobody can unsubscribe a
// person by guessing, and the relay keeps nothing per link. The secret is made once, 32 random
// bytes, in DATA_DIR/campaign-secret (mode 0600; backups copy it with the rest) — or, with
// DATABASE_URL, in PostgreSQL, shared by every relay process (pg-campaign-settings.ts): then it
// is given once read (useSecret), and until then no link is made or read.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readFileIfAny, writeFileAtomic } from './atomic-file.ts';
import { withFileLock } from './file-lock.ts';

export interface UnsubscribeTarget {
	workspaceId: string;
	campaignId: string;
	personId: string;
}

const ID = /^[A-Za-z0-9_-]{1,100}$/;
const TOKEN = /^([A-Za-z0-9_-]{4,600})\.([A-Za-z0-9_-]{43})$/;

/** The secret in DATA_DIR/campaign-secret if there is one (a relay moving to PostgreSQL). */
export function fileSecret(dataDir: string): Buffer | null {
	const existing = readFileIfAny(path.join(dataDir, 'campaign-secret')).trim();
	return /^[A-Za-z0-9_-]{43}$/.test(existing) ? Buffer.from(existing, 'base64url') : null;
}

export class UnsubscribeTokens {
	private secret: Buffer | null = null;

	/** With a data dir, its secret (made if missing); without, the one useSecret gives. */
	constructor(dataDir: string | null) {
		if (dataDir === null) return;
		fs.mkdirSync(dataDir, { recursive: true });
		const file = path.join(dataDir, 'campaign-secret');
		// Two processes starting at once must end with one secret: made under the lock.
		this.secret = withFileLock(file + '.lock', () => {
			const existing = readFileIfAny(file).trim();
			if (/^[A-Za-z0-9_-]{43}$/.test(existing)) return Buffer.from(existing, 'base64url');
			const made = randomBytes(32);
			writeFileAtomic(file, made.toString('base64url') + '\n', 0o600);
			return made;
		});
	}

	/** Whether links can be made and read (the secret is known). */
	get ready(): boolean {
		return this.secret !== null;
	}

	useSecret(secret: Buffer): void {
		this.secret = secret;
	}

	make(target: UnsubscribeTarget): string {
		const payload = Buffer.from(
			JSON.stringify([target.workspaceId, target.campaignId, target.personId])
		).toString('base64url');
		return `${payload}.${this.sign(payload)}`;
	}

	/** What a token names, or null for anything this relay did not sign. */
	read(token: string): UnsubscribeTarget | null {
		if (!this.secret) return null;
		const match = TOKEN.exec(token);
		if (!match) return null;
		const [, payload, signature] = match;
		const expected = Buffer.from(this.sign(payload));
		if (!timingSafeEqual(expected, Buffer.from(signature))) return null;
		try {
			const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
			if (!Array.isArray(value) || value.length !== 3) return null;
			const [workspaceId, campaignId, personId] = value as unknown[];
			if (![workspaceId, campaignId, personId].every((v) => typeof v === 'string' && ID.test(v)))
				return null;
			return {
				workspaceId: workspaceId as string,
				campaignId: campaignId as string,
				personId: personId as string
			};
		} catch {
			return null;
		}
	}

	private sign(payload: string): string {
		if (!this.secret) throw new Error('the unsubscribe secret is not read yet');
		return createHmac('sha256', this.secret).update(`unsubscribe:${payload}`).digest('base64url');
	}
}
