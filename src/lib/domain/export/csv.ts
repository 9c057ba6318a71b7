/**
 * Lists and segments to CSV that spreadsheets open safely: RFC 4180 (quotes where needed,
 * CRLF), UTF-8 with a BOM so Excel detects the encoding, and text that a spreadsheet would
 * run as a formula neutralised with a leading apostrophe (OWASP's advice for CSV injection).
 */
import Papa from 'papaparse';

export type CsvCell = string | number | boolean | null;

/** A leading = + - @ tab or CR makes Excel, LibreOffice and Sheets read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Strings are neutralised; a finite number is written as a number and never neutralised: it
 * is a plain value ("-5" stays -5, so sums still work), and a JS number cannot hold a formula.
 * NaN and infinities become empty cells; booleans become true/false; null an empty cell.
 */
export function csvCell(value: CsvCell): string {
	if (value === null) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	return FORMULA_START.test(value) ? `'${value}` : value;
}

export function toCsv(headers: string[], rows: CsvCell[][]): string {
	const body = Papa.unparse(
		{ fields: headers.map(csvCell), data: rows.map((r) => r.map(csvCell)) },
		{ newline: '\r\n', quotes: false, escapeFormulae: false }
	);
	return `\ufeff${body}\r\n`;
}
