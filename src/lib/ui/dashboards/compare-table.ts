/**
 * The previous period's figures as a table, for those who do not see the chart's paler
 * "previous period" bars: each bar or point with its figure now and before, formatted in its
 * own unit (a chart may mix amounts and counts). Null when the result holds no comparison.
 */
import type { ReportResult, ReportTable, ReportUnit } from '$lib/domain/reports/report';

export function compareTable(
	result: ReportResult,
	format: (n: number, unit: ReportUnit) => string
): ReportTable | null {
	const rows = [];
	for (const s of result.series)
		for (const p of s.points) {
			if (p.previous === undefined) continue;
			const unit = p.unit ?? s.unit ?? result.unit;
			rows.push({
				key: `${s.key}/${p.key}`,
				cells: [s.label, p.label, format(p.value, unit), format(p.previous, unit)]
			});
		}
	if (rows.length === 0) return null;
	return {
		columns: [
			{ key: 'figure', label: 'Figure' },
			{ key: 'of', label: 'Of' },
			{ key: 'now', label: 'This period' },
			{ key: 'before', label: 'Previous period' }
		],
		rows
	};
}
