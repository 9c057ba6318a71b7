/**
 * Service levels: how long the team promises to take over a request of each priority, and the
 * times measured against that promise. A level counts hours as they pass, not as clocks show
 * them: 24 h opened at 10:00 on the day before clocks spring forward is due at 11:00 local
 * time the next day — the customer waits 24 hours either way.
 */
import {
	REQUEST_PRIORITIES,
	type RequestPriority,
	type RequestStatus
} from '../record-types/request';

/** Hours per priority; each workspace sets its own (Settings → Service levels). */
export type ServiceLevels = Readonly<Record<RequestPriority, number>>;

export const DEFAULT_SERVICE_LEVELS: ServiceLevels = { urgent: 4, high: 8, normal: 24, low: 72 };

/** A level longer than a year is a typing mistake, not a promise. */
export const MAX_SERVICE_HOURS = 24 * 366;

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Whether a stored or typed level can be used: a number of hours above 0, up to a year. */
export function isServiceHours(value: unknown): value is number {
	return (
		typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= MAX_SERVICE_HOURS
	);
}

/** When a request opened at `openedAt` with this priority is due. */
export function dueTime(
	openedAt: number,
	priority: RequestPriority,
	levels: ServiceLevels
): number {
	return openedAt + Math.round(levels[priority] * HOUR);
}

/** Statuses where the next move is the team's: only these can be overdue. Waiting on the
 * customer, resolved or closed, nobody on the team can be late. */
const ON_US: ReadonlySet<RequestStatus> = new Set(['new', 'open']);

export function isOverdue(
	r: { status: RequestStatus; dueAt: number | null },
	now: number
): boolean {
	return r.dueAt !== null && ON_US.has(r.status) && now > r.dueAt;
}

/** From opening to the first reply, or null while there is none (or the times are not known). */
export function timeToFirstResponse(r: {
	openedAt: number | null;
	firstResponseAt: number | null;
}): number | null {
	return span(r.openedAt, r.firstResponseAt);
}

/** From opening to resolution, or null while it is not resolved. */
export function timeToResolution(r: {
	openedAt: number | null;
	resolvedAt: number | null;
}): number | null {
	return span(r.openedAt, r.resolvedAt);
}

function span(from: number | null, to: number | null): number | null {
	return from === null || to === null ? null : Math.max(0, to - from);
}

/** A duration as people say it: '45 min', '3 h 20 min', '2 d 5 h'; under a minute, '< 1 min'. */
export function formatDuration(ms: number): string {
	const minutes = Math.floor(Math.abs(ms) / MINUTE);
	if (minutes < 1) return '< 1 min';
	if (minutes < 60) return `${minutes} min`;
	const hours = Math.floor(minutes / 60);
	if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
	const days = Math.floor(hours / 24);
	return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** How the due time reads now: 'due in 3 h 20 min', 'overdue by 45 min', or '' when not due. */
export function dueText(r: { status: RequestStatus; dueAt: number | null }, now: number): string {
	if (r.dueAt === null || !ON_US.has(r.status)) return '';
	return isOverdue(r, now)
		? `overdue by ${formatDuration(now - r.dueAt)}`
		: `due in ${formatDuration(r.dueAt - now)}`;
}

/** The levels a workspace stored, each unusable one replaced by its default. */
export function readServiceLevels(stored: (priority: RequestPriority) => unknown): ServiceLevels {
	const out = { ...DEFAULT_SERVICE_LEVELS };
	for (const p of REQUEST_PRIORITIES) {
		const v = stored(p);
		if (isServiceHours(v)) out[p] = v;
	}
	return out;
}
