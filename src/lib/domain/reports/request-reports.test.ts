import { describe, expect, it } from 'vitest';
import { resolvePeriod } from './period';
import { requestsFlow, responseTimesReport, satisfactionReport } from './requests';
import { BERLIN, Q1_BERLIN, Q4_BERLIN, filters, input, request, utc } from './rows-fixtures';

const H = 3_600_000;

describe('service requests', () => {
	const rows = [
		// Opened 00:30 on 1 February in Berlin: February's.
		request('a', {
			openedAt: utc('2026-01-31T23:30:00Z'),
			firstResponseAt: utc('2026-01-31T23:30:00Z') + 2 * H,
			resolvedAt: utc('2026-01-31T23:30:00Z') + 10 * H,
			satisfaction: 4,
			assigneeId: 'm1',
			requesterId: 'p1'
		}),
		request('b', {
			openedAt: utc('2026-02-10T10:00:00Z'),
			firstResponseAt: utc('2026-02-10T14:00:00Z'),
			resolvedAt: utc('2026-03-02T10:00:00Z'),
			satisfaction: 2
		}),
		request('c', {
			openedAt: utc('2026-02-11T10:00:00Z'),
			firstResponseAt: utc('2026-02-11T11:00:00Z')
		}),
		request('d', { openedAt: utc('2026-03-20T10:00:00Z') }),
		request('old', {
			openedAt: utc('2025-11-01T10:00:00Z'),
			resolvedAt: utc('2025-11-02T10:00:00Z'),
			satisfaction: 5
		})
	];

	it('opened and resolved per month', () => {
		const r = requestsFlow.compute(input({ request: rows }), filters({ previous: Q4_BERLIN }));
		expect(r.table.rows.map((row) => [...row.cells])).toEqual([
			['Jan 2026', 0, 0],
			['Feb 2026', 3, 1],
			['Mar 2026', 1, 1]
		]);
		expect(r.table.rows[1].drills?.[1]).toEqual({ type: 'request', ids: ['a', 'b', 'c'] });
		expect(r.series[1].points.map((p) => p.previous)).toEqual([0, 1, 0]);
		expect(r.total).toMatchObject({ value: 4, previous: 1 });
	});

	it('median hours to the first response and to resolution, in the month they happened', () => {
		const r = responseTimesReport.compute(input({ request: rows }), filters());
		// February: responses of 2, 4 and 1 hours → 2; resolution of a: 10 h. March: b, 20 days.
		expect(r.table.rows.map((row) => [...row.cells])).toEqual([
			['Jan 2026', 0, null, 0, null],
			['Feb 2026', 3, 2, 1, 10],
			['Mar 2026', 0, null, 1, 480]
		]);
		expect(r.total).toMatchObject({ value: 2, unit: { kind: 'hours' } });
	});

	it('satisfaction: the mean rating of the rated requests resolved in each month', () => {
		const r = satisfactionReport.compute(
			input({ request: rows }),
			filters({ previous: Q4_BERLIN })
		);
		expect(r.table.rows.map((row) => [...row.cells])).toEqual([
			['Jan 2026', 0, null],
			['Feb 2026', 1, 4],
			['Mar 2026', 1, 2]
		]);
		expect(r.total).toMatchObject({ value: 3, previous: 5 });
	});

	it('weeks for a short period; narrowed by assignee and requester', () => {
		const feb = resolvePeriod('this-month', utc('2026-02-10T00:00:00Z'), BERLIN);
		const r = requestsFlow.compute(input({ request: rows }), filters({ period: feb }));
		expect(r.table.rows[0].cells[0]).toBe('Week of 2026-01-26');
		const mine = requestsFlow.compute(input({ request: rows }), filters({ ownerId: 'm1' }));
		expect(mine.total?.drill.ids).toEqual(['a']);
		const seg = requestsFlow.compute(
			input({ request: rows }),
			filters({ period: Q1_BERLIN, segmentPeople: new Set(['p9']) })
		);
		expect(seg.total?.value).toBe(0);
	});
});
