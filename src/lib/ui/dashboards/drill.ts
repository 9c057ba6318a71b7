/**
 * The records behind a figure: finding the drill a click-through names in a report's result,
 * and the columns the records list and its CSV show per record type.
 */
import type { Drill, ReportResult } from '$lib/domain/reports/report';
import type { DrillTarget } from './filters-url';

export function drillOf(result: ReportResult, target: DrillTarget): Drill | null {
	if ('total' in target) return result.total?.drill ?? null;
	if ('series' in target) {
		const s = result.series.find((x) => x.key === target.series);
		return s?.points.find((p) => p.key === target.point)?.drill ?? null;
	}
	const row = result.table.rows.find((r) => r.key === target.row);
	if (!row) return null;
	return row.drills?.[target.column] ?? (target.column === 0 ? (row.drill ?? null) : null);
}

/** What the drilled figure is called: "Won, Dec 2026". */
export function drillTitle(result: ReportResult, target: DrillTarget): string {
	if ('total' in target) return result.total?.label ?? 'All';
	if ('series' in target) {
		const s = result.series.find((x) => x.key === target.series);
		const p = s?.points.find((x) => x.key === target.point);
		return s && p ? `${s.label}, ${p.label}` : '';
	}
	const row = result.table.rows.find((r) => r.key === target.row);
	const col = result.table.columns[target.column];
	return row && col ? `${col.label}, ${row.cells[0] ?? ''}` : '';
}
