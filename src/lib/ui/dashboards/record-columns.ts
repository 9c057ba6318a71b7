/**
 * The columns of a click-through list, per record type: what the list shows of each record and
 * its CSV holds (the same values, so the file matches the screen). Types without columns of
 * their own show their name.
 */
import type { RecordTypeName } from '$lib/domain/record-types';
import type { CsvCell } from '$lib/domain/export/csv';

export interface ColumnContext {
	memberName(id: string | null): string;
	stageName(pipelineId: string | null, stage: string): string;
	date(ms: number | null): string;
}

export interface RecordColumn {
	label: string;
	value(row: Record<string, unknown>, ctx: ColumnContext): CsvCell;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' ? v : null);
const list = (v: unknown) => (Array.isArray(v) ? v : []);

const NAME: RecordColumn = { label: 'Name', value: (r) => str(r.name) };

export const RECORD_COLUMNS: Partial<Record<RecordTypeName, readonly RecordColumn[]>> = {
	deal: [
		NAME,
		{
			label: 'Stage',
			value: (r, c) => c.stageName(r.pipelineId as string | null, str(r.stage))
		},
		{ label: 'Amount', value: (r) => num(r.amount) },
		{ label: 'Currency', value: (r) => str(r.currency) },
		{ label: 'Expected close', value: (r, c) => c.date(num(r.expectedCloseAt)) },
		{ label: 'Owner', value: (r, c) => c.memberName(r.ownerId as string | null) }
	],
	interaction: [
		{ label: 'When', value: (r, c) => c.date(num(r.occurredAt)) },
		{ label: 'Type', value: (r) => str(r.kind) },
		NAME,
		{
			label: 'Team members',
			value: (r, c) =>
				list(r.memberIds)
					.map((m) => c.memberName(m as string))
					.join(', ')
		}
	],
	request: [
		NAME,
		{ label: 'Status', value: (r) => str(r.status) },
		{ label: 'Opened', value: (r, c) => c.date(num(r.openedAt)) },
		{ label: 'Resolved', value: (r, c) => c.date(num(r.resolvedAt)) },
		{ label: 'Satisfaction', value: (r) => num(r.satisfaction) },
		{ label: 'Assignee', value: (r, c) => c.memberName(r.assigneeId as string | null) }
	],
	goal: [
		NAME,
		{ label: 'Member', value: (r, c) => (r.memberId ? c.memberName(str(r.memberId)) : 'Team') },
		{ label: 'Target', value: (r) => num(r.target) }
	]
};

export function columnsOf(type: RecordTypeName): readonly RecordColumn[] {
	return RECORD_COLUMNS[type] ?? [NAME];
}
