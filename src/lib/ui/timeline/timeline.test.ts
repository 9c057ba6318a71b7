import { describe, expect, it } from 'vitest';
import type { InteractionRow } from '$lib/domain/record-types';
import { NO_FILTER, dayHeading, timelineItems } from './timeline';

function row(id: string, occurredAt: number, extra: Partial<InteractionRow> = {}): InteractionRow {
	return {
		id,
		name: id,
		kind: 'call',
		direction: 'out',
		occurredAt,
		timeZone: '',
		durationMinutes: null,
		subject: id,
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
		search: id.toLowerCase(),
		...extra
	};
}

const H = 3_600_000;
const DEC1 = Date.UTC(2026, 11, 1);

describe('timeline items', () => {
	it('are newest first, with a heading before each day', () => {
		const items = timelineItems(
			[row('a', DEC1 + 9 * H), row('b', DEC1 + 30 * H), row('c', DEC1 + 15 * H)],
			NO_FILTER,
			'UTC'
		);
		expect(items.map((i) => (i.type === 'day' ? i.day : i.row.id))).toEqual([
			'2026-12-02',
			'b',
			'2026-12-01',
			'c',
			'a'
		]);
	});

	it('group by the reader’s day', () => {
		const late = row('late', DEC1 + 23 * H); // 23:00 UTC is 08:00 on the 2nd in Tokyo
		expect(timelineItems([late], NO_FILTER, 'Asia/Tokyo')[0]).toMatchObject({ day: '2026-12-02' });
		expect(timelineItems([late], NO_FILTER, 'Europe/London')[0]).toMatchObject({
			day: '2026-12-01'
		});
	});

	it('filter by type, member and text', () => {
		const rows = [
			row('call', DEC1, { memberIds: ['m1'] }),
			row('email', DEC1 + H, { kind: 'email', memberIds: ['m2'], search: 'offer sent' })
		];
		const ids = (f: Partial<typeof NO_FILTER>) =>
			timelineItems(rows, { ...NO_FILTER, ...f }, 'UTC')
				.filter((i) => i.type === 'entry')
				.map((i) => i.key);
		expect(ids({ kind: 'email' })).toEqual(['email']);
		expect(ids({ memberId: 'm1' })).toEqual(['call']);
		expect(ids({ query: 'OFFER' })).toEqual(['email']);
		expect(ids({ query: 'nothing like it' })).toEqual([]);
	});

	it('arrange 5,000 entries', () => {
		const rows = Array.from({ length: 5000 }, (_, i) => row(`r${i}`, DEC1 - i * 5 * H));
		const items = timelineItems(rows, NO_FILTER, 'UTC');
		expect(items.filter((i) => i.type === 'entry')).toHaveLength(5000);
		expect(items.filter((i) => i.type === 'day').length).toBeGreaterThan(1000);
	});

	it('name today and yesterday', () => {
		expect(dayHeading('2026-12-01', '2026-12-01', '2026-11-30')).toBe('Today');
		expect(dayHeading('2026-11-30', '2026-12-01', '2026-11-30')).toBe('Yesterday');
		expect(dayHeading('2026-11-02', '2026-12-01', '2026-11-30')).toMatch(/2026/);
	});
});
