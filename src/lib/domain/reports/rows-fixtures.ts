/**
 * Rows for the dashboard reports' tests, shaped as the live lists give them, and an input in
 * Berlin (whose month edges are an hour or two before UTC's) with dated USD rates.
 */
import { RateIndex } from '../forecast/rates';
import { DEFAULT_PIPELINE } from '../pipelines/pipeline';
import type { DealRow, GoalRow, InteractionRow, RequestRow } from '../record-types';
import type { ReportFilters, ReportInput, ReportRows, Span } from './report';

export const BERLIN = 'Europe/Berlin';
export const utc = (iso: string) => Date.parse(iso);
/** A close date: the day's UTC midnight. */
export const day = (d: string) => Date.parse(`${d}T00:00:00Z`);

/** 1 USD = 0.5 EUR from January 2026, 0.8 from February; no GBP rate. */
export const USD_RATES = new RateIndex('EUR', [
	{ id: 'a', from: 'USD', to: 'EUR', rate: 0.5, validFrom: '2026-01-01' },
	{ id: 'b', from: 'USD', to: 'EUR', rate: 0.8, validFrom: '2026-02-01' }
]);

/** January to March 2026 in Berlin. */
export const Q1_BERLIN: Span = {
	from: utc('2025-12-31T23:00:00Z'),
	to: utc('2026-03-31T22:00:00Z')
};
/** October to December 2025 in Berlin. */
export const Q4_BERLIN: Span = {
	from: utc('2025-09-30T22:00:00Z'),
	to: utc('2025-12-31T23:00:00Z')
};

export function input(rows: ReportRows, now = utc('2026-03-15T12:00:00Z')): ReportInput {
	return {
		rows,
		pipelines: [DEFAULT_PIPELINE],
		currency: 'EUR',
		rates: USD_RATES,
		members: [
			{ id: 'm1', name: 'Ada', color: '#000' },
			{ id: 'm2', name: 'Ben', color: '#000' }
		],
		now,
		timeZone: BERLIN
	};
}

export function filters(over: Partial<ReportFilters> = {}): ReportFilters {
	return {
		period: Q1_BERLIN,
		previous: null,
		ownerId: null,
		pipelineId: null,
		segmentPeople: null,
		...over
	};
}

export function deal(id: string, over: Partial<DealRow>): DealRow {
	return {
		id,
		name: id,
		pipelineId: null,
		stage: 'lead',
		probability: null,
		amount: null,
		currency: 'EUR',
		expectedCloseAt: null,
		organizationId: null,
		organizationName: '',
		personId: null,
		ownerId: null,
		tags: [],
		forecastCategory: null,
		lostReason: '',
		peopleIds: [],
		createdAt: 0,
		stageTrail: [],
		updatedAt: 0,
		hasIssues: false,
		search: '',
		...over
	};
}

export function interaction(id: string, over: Partial<InteractionRow>): InteractionRow {
	return {
		id,
		name: id,
		kind: 'call',
		direction: 'out',
		occurredAt: 0,
		timeZone: BERLIN,
		durationMinutes: null,
		subject: '',
		outcome: '',
		nextStep: '',
		personIds: [],
		organizationId: null,
		organizationName: '',
		dealId: null,
		requestId: null,
		memberIds: [],
		emailFrom: '',
		updatedAt: 0,
		hasIssues: false,
		search: '',
		...over
	};
}

export function request(id: string, over: Partial<RequestRow>): RequestRow {
	return {
		id,
		name: id,
		requesterId: null,
		organizationId: null,
		organizationName: '',
		channel: 'email',
		priority: 'normal',
		status: 'open',
		assigneeId: null,
		openedAt: null,
		dueAt: null,
		firstResponseAt: null,
		resolvedAt: null,
		satisfaction: null,
		updatedAt: 0,
		hasIssues: false,
		search: '',
		...over
	};
}

export function goalRow(id: string, over: Partial<GoalRow>): GoalRow {
	return {
		id,
		name: id,
		memberId: null,
		period: '2026-01',
		metric: 'won amount',
		target: 0,
		updatedAt: 0,
		hasIssues: false,
		search: '',
		...over
	};
}
