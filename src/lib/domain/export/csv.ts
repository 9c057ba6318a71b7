/**
 * Lists and segments to CSV: RFC 4180 (quotes where needed, CRLF), UTF-8 with a BOM so Excel
 * detects the encoding. Two flavours, as the file is for a spreadsheet or for another contacts
 * app: for a spreadsheet, text it would run as a formula is neutralised with a leading
 * apostrophe (OWASP's advice for CSV injection) — which a contacts app would keep as part of
 * the value ("'+48 22 555 0101" is no phone number), so for one, values are written as they are.
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
export function csvCell(value: CsvCell, flavour: CsvFlavour = 'spreadsheet'): string {
	if (value === null) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	return flavour === 'spreadsheet' && FORMULA_START.test(value) ? `'${value}` : value;
}

/** Who the file is for: a spreadsheet (formula-safe) or another contacts app (values as they are). */
export type CsvFlavour = 'spreadsheet' | 'contacts';

/** What the export offers, and says of each flavour. */
export const CSV_FLAVOURS: readonly { flavour: CsvFlavour; label: string; description: string }[] =
	[
		{
			flavour: 'spreadsheet',
			label: 'For spreadsheets',
			description:
				"Excel, LibreOffice, Google Sheets. A value starting with = + - or @ gets an apostrophe in front ('+48 22 555 0101) so the spreadsheet never runs it as a formula."
		},
		{
			flavour: 'contacts',
			label: 'For another contacts app',
			description:
				'Google Contacts, Outlook, Apple Contacts. Every value exactly as stored, phone numbers included. Do not open this file in a spreadsheet: a value starting with = could run as a formula there.'
		}
	];

export function toCsv(
	headers: string[],
	rows: CsvCell[][],
	flavour: CsvFlavour = 'spreadsheet'
): string {
	const cell = (v: CsvCell) => csvCell(v, flavour);
	const body = Papa.unparse(
		{ fields: headers.map(cell), data: rows.map((r) => r.map(cell)) },
		{ newline: '\r\n', quotes: false, escapeFormulae: false }
	);
	return `\ufeff${body}\r\n`;
}
