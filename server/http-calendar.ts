// Calendar subscriptions: a member's open tasks as an iCalendar feed a phone or desktop calendar
// polls (calendar-feeds.ts keeps the secrets, calendar-tasks.ts reads the tasks).
//   GET    /api/workspaces/:id/members/:memberId/calendar   any role: {active, createdAt?}
//   POST   /api/workspaces/:id/members/:memberId/calendar   make or rotate: 201 {path, createdAt}
//   DELETE /api/workspaces/:id/members/:memberId/calendar   turn off: 200 {active: false}
//   GET    /calendar/<secret>.ics                            the feed; unknown or revoked: 404
// The API routes take the invite token like the rest of the API; a member's feed is managed by
// the invite that made it (another member cannot rotate it away) until that invite is revoked.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Auth } from './auth.ts';
import { MEMBER_ID, feedPath, type CalendarFeeds } from './calendar-feeds.ts';
import { memberTasks, type DocumentSource } from './calendar-tasks.ts';
import { HttpError, bearerToken, sendJson } from './http-json.ts';
import { log } from './log.ts';
import type { Metrics } from './metrics.ts';
import { ICS_MIME, tasksCalendar } from '../src/lib/domain/tasks/ics.ts';

const MANAGE = /^\/api\/workspaces\/([^/]+)\/members\/([^/]+)\/calendar\/?$/;
const FEED = /^\/calendar\/([^/]+)\.ics$/;
/** Feeds built at once; more wait, and past MAX_WAITING are told to come back (503). */
const MAX_BUILDS = 2;
const MAX_WAITING = 32;
/** Events in one feed at most: the latest due are kept. */
const MAX_EVENTS = 5_000;

/** The management routes; resolves false for a path that is not one of them. */
export function createCalendarApi(deps: { auth: Auth; feeds: CalendarFeeds }) {
	const { auth, feeds } = deps;
	return async (req: IncomingMessage, res: ServerResponse, pathname: string) => {
		const match = MANAGE.exec(pathname);
		if (!match) return false;
		const [, workspaceId, memberId] = match;
		let caller = auth.authenticate(workspaceId, bearerToken(req));
		// On PostgreSQL, a workspace or invite made at another process may not be here yet.
		if (!caller.ok && caller.status !== 403 && auth.catchUp) {
			await auth.catchUp();
			caller = auth.authenticate(workspaceId, bearerToken(req));
		}
		if (!caller.ok) throw new HttpError(caller.status, caller.message);
		if (!MEMBER_ID.test(memberId)) throw new HttpError(400, 'not a member id');
		const existing = await feeds.get(workspaceId, memberId);
		const method = req.method ?? 'GET';
		if (method === 'GET') {
			sendJson(
				res,
				200,
				existing ? { active: true, createdAt: existing.createdAt } : { active: false }
			);
			return true;
		}
		if (existing && existing.inviteId !== caller.inviteId && !auth.isRevoked(existing.inviteId)) {
			throw new HttpError(403, "this member's calendar link was made with another invite");
		}
		if (method === 'POST') {
			const { feed, secret } = await feeds.rotate(workspaceId, memberId, caller.inviteId);
			log(existing ? 'calendar_feed_rotated' : 'calendar_feed_created', { workspaceId, memberId });
			sendJson(res, 201, { path: feedPath(secret), createdAt: feed.createdAt });
		} else if (method === 'DELETE') {
			if (await feeds.revoke(workspaceId, memberId))
				log('calendar_feed_revoked', { workspaceId, memberId });
			sendJson(res, 200, { active: false });
		} else {
			throw new HttpError(405, 'use GET, POST or DELETE for a calendar link');
		}
		return true;
	};
}

export interface FeedDeps {
	auth: Auth;
	feeds: CalendarFeeds;
	documents: DocumentSource;
	metrics: Metrics;
	/** Whether X-Forwarded-Proto names the scheme of the app's links (behind a proxy). */
	trustProxy: boolean;
}

/** GET /calendar/<secret>.ics: the secret is the credential, so every refusal is a plain 404. */
export function createCalendarFeed(deps: FeedDeps) {
	const { auth, feeds, metrics } = deps;
	const gate = new Gate(MAX_BUILDS, MAX_WAITING);

	const serve = async (req: IncomingMessage, res: ServerResponse, pathname: string) => {
		const secret = FEED.exec(pathname)?.[1];
		const feed = secret === undefined ? undefined : await feeds.find(secret);
		auth.refresh();
		// On PostgreSQL, a feed made at another process a moment ago may name what is not here yet.
		if (feed && (!auth.getWorkspace(feed.workspaceId) || auth.isRevoked(feed.inviteId))) {
			await auth.catchUp?.();
		}
		const workspace = feed && auth.getWorkspace(feed.workspaceId);
		if (!feed || !workspace || auth.isRevoked(feed.inviteId)) {
			return answer(res, 404, 'No such calendar: the link was turned off or replaced.');
		}
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			res.setHeader('Allow', 'GET, HEAD');
			return answer(res, 405, 'Use GET for a calendar.');
		}
		const turn = gate.enter();
		if (!turn) {
			res.setHeader('Retry-After', '60');
			return answer(res, 503, 'Busy building calendars; try again in a minute.');
		}
		await turn;
		let read;
		try {
			read = await memberTasks(deps.documents, feed.workspaceId, feed.memberId, MAX_EVENTS);
		} finally {
			gate.leave();
		}
		const origin = originOf(req, deps.trustProxy);
		const text = tasksCalendar(read.tasks, {
			name: `${workspace.name}: my tasks`,
			taskUrl: (id) => `${origin}/tasks/${encodeURIComponent(id)}`
		});
		const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
		const headers = {
			ETag: etag,
			// Private: the feed is one member's. no-cache: revalidate (cheap, by ETag) every time,
			// so an edit shows at the calendar's next poll.
			'Cache-Control': 'private, no-cache',
			'X-Content-Type-Options': 'nosniff'
		};
		const fields = {
			workspaceId: feed.workspaceId,
			documents: read.documents,
			scanned: read.scanned,
			events: read.tasks.length,
			dropped: read.dropped
		};
		if (matches(req.headers['if-none-match'], etag)) {
			res.writeHead(304, headers);
			res.end();
			return { status: 304, ...fields };
		}
		res.writeHead(200, {
			...headers,
			'Content-Type': ICS_MIME,
			'Content-Length': Buffer.byteLength(text)
		});
		res.end(req.method === 'HEAD' ? undefined : text);
		return { status: 200, ...fields };
	};

	return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> => {
		const started = performance.now();
		let status = 500;
		let fields: Record<string, unknown> = {};
		try {
			const served = await serve(req, res, pathname);
			({ status, ...fields } = served);
		} catch (error) {
			log('calendar_failed', { error: String(error) });
			if (!res.headersSent) answer(res, 500, 'The calendar could not be read; try again later.');
			else res.destroy();
		} finally {
			const seconds = (performance.now() - started) / 1000;
			metrics.observeCalendar(status, seconds);
			// Never the path: it is the credential.
			log('calendar_served', { status, ms: Math.round(seconds * 1000), ...fields });
		}
	};
}

function answer(res: ServerResponse, status: number, message: string): { status: number } {
	res.writeHead(status, {
		'Content-Type': 'text/plain; charset=utf-8',
		'Cache-Control': 'no-store'
	});
	res.end(message + '\n');
	return { status };
}

/** Where the requester reaches the app: the events link to their task's page there. */
function originOf(req: IncomingMessage, trustProxy: boolean): string {
	const forwarded = trustProxy ? String(req.headers['x-forwarded-proto'] ?? '').split(',')[0] : '';
	const scheme = forwarded.trim() || ('encrypted' in req.socket ? 'https' : 'http');
	return `${scheme}://${req.headers.host ?? 'localhost'}`;
}

/** Whether an If-None-Match header names `etag` (weak or strong, or `*`). */
function matches(header: string | undefined, etag: string): boolean {
	if (!header) return false;
	return header
		.split(',')
		.map((tag) => tag.trim().replace(/^W\//, ''))
		.some((tag) => tag === etag || tag === '*');
}

/** At most `size` at once, at most `queue` waiting; the rest are refused. */
class Gate {
	private running = 0;
	private readonly waiting: Array<() => void> = [];

	constructor(
		private readonly size: number,
		private readonly queue: number
	) {}

	enter(): Promise<void> | false {
		if (this.running < this.size) {
			this.running++;
			return Promise.resolve();
		}
		if (this.waiting.length >= this.queue) return false;
		return new Promise((resolve) => this.waiting.push(resolve));
	}

	leave(): void {
		const next = this.waiting.shift();
		if (next) next();
		else this.running--;
	}
}
