import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	CALENDAR_UNREACHABLE,
	calendarLinkState,
	makeCalendarLink,
	turnOffCalendarLink
} from './calendar-api';
import { REQUEST_LIMIT_MS } from './relay-api';

const json = (status: number, body: unknown) =>
	Promise.resolve(new Response(JSON.stringify(body), { status }));

describe('calendar-api', () => {
	afterEach(() => vi.useRealTimers());

	it('calls the member’s link with the token, and reads the answers', async () => {
		const seen: [string, RequestInit][] = [];
		const fetchFn = ((url: string, init: RequestInit) => {
			seen.push([url, init]);
			if (init.method === 'POST') return json(201, { path: '/calendar/abc.ics', createdAt: 'x' });
			if (init.method === 'DELETE') return json(200, { active: false });
			return json(200, { active: true, createdAt: 'x' });
		}) as typeof fetch;
		expect(await calendarLinkState('http://r/', 'ws1', 'm 1', 'tok', fetchFn)).toEqual({
			ok: true,
			active: true,
			createdAt: 'x'
		});
		expect(await makeCalendarLink('http://r', 'ws1', 'm1', 'tok', fetchFn)).toEqual({
			ok: true,
			path: '/calendar/abc.ics',
			createdAt: 'x'
		});
		expect(await turnOffCalendarLink('http://r', 'ws1', 'm1', 'tok', fetchFn)).toEqual({
			ok: true
		});
		expect(seen[0][0]).toBe('http://r/api/workspaces/ws1/members/m%201/calendar');
		expect(new Headers(seen[0][1].headers).get('authorization')).toBe('Bearer tok');
	});

	it('says what to do when the relay cannot be reached', async () => {
		const fetchFn = (() => Promise.reject(new TypeError('offline'))) as typeof fetch;
		expect(await makeCalendarLink('http://r', 'ws1', 'm1', 'tok', fetchFn)).toEqual({
			ok: false,
			status: 0,
			message: CALENDAR_UNREACHABLE
		});
	});

	it('gives up on a relay that never answers', async () => {
		vi.useFakeTimers();
		const fetchFn = ((_url: string, init: RequestInit) =>
			new Promise((_resolve, reject) =>
				init.signal!.addEventListener('abort', () => reject(new Error('aborted')))
			)) as typeof fetch;
		const pending = calendarLinkState('http://r', 'ws1', 'm1', 'tok', fetchFn);
		await vi.advanceTimersByTimeAsync(REQUEST_LIMIT_MS);
		expect(await pending).toMatchObject({ ok: false, status: 0 });
	});

	it('explains a refusal, and refuses an answer it does not understand', async () => {
		const refused = (() => json(403, { error: 'x' })) as typeof fetch;
		const r = await makeCalendarLink('http://r', 'ws1', 'm1', 'tok', refused);
		expect(r).toMatchObject({ ok: false, status: 403 });
		expect(!r.ok && r.message).toMatch(/another device/);
		const odd = (() => json(201, { path: 'elsewhere' })) as typeof fetch;
		expect(await makeCalendarLink('http://r', 'ws1', 'm1', 'tok', odd)).toMatchObject({
			ok: false,
			status: 201
		});
	});
});
