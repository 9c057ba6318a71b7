/**
 * A card's files: its table as CSV (formula-safe, as the lists' export is: numbers stay
 * numbers, text a spreadsheet would run gets an apostrophe) and its chart as PNG.
 */
import { toCsv } from '$lib/domain/export/csv';
import type { ReportTable } from '$lib/domain/reports/report';
import { downloadFile } from '../import/download';

/** 'Won and lost per month' → 'won-and-lost-per-month'. */
export function fileStem(title: string): string {
	return (
		title
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '') || 'report'
	);
}

export function tableCsv(table: ReportTable): string {
	return toCsv(
		table.columns.map((c) => c.label),
		table.rows.map((r) => [...r.cells])
	);
}

export function downloadCsv(title: string, text: string): void {
	downloadFile({ fileName: `${fileStem(title)}.csv`, mime: 'text/csv;charset=utf-8', text });
}

export function downloadBlob(fileName: string, blob: Blob): void {
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = fileName;
	a.style.display = 'none';
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
