/**
 * Dates as spreadsheets and address books write them, to 'YYYY-MM-DD'. Day-first or
 * month-first is decided per column from all its values (a 13 or more in the first place
 * settles it), never per value, so one column is never read two ways.
 */

export type DayMonthOrder = 'dmy' | 'mdy';

export interface DateOrderGuess {
	order: DayMonthOrder;
	/**
	 * False when some value could be read either way and none settled it (all days 12 or less),
	 * or when values contradict each other. True when a value settled it or none needed it.
	 */
	certain: boolean;
}

/** d/m/y or m/d/y with / . or - between, two- or four-digit year, optional time after. */
const NUMERIC_DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T,].*)?$/;
/** y-m-d with - / or . between, optional ISO time after. */
const NUMERIC_YMD = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$/;
const COMPACT_YMD = /^(19|20)(\d{2})(\d{2})(\d{2})$/;
const SERIAL = /^\d{1,6}(?:\.\d+)?$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** "5 March 2024", "5. Mar 2024", "5-Mar-24". */
const DAY_MONTH_NAME = /^(\d{1,2})\.?[\s-]+([a-z]{3,9})\.?,?[\s-]+(\d{2}|\d{4})$/i;
/** "March 5, 2024", "Mar 5 2024". */
const MONTH_NAME_DAY = /^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i;

/** Values a spreadsheet writes for "no date" (Outlook writes 0/0/00). */
export function isEmptyDate(value: string): boolean {
	const v = value.trim();
	return v === '' || /^0{1,2}[/.-]0{1,2}[/.-]0{2,4}$/.test(v);
}

export function detectDateOrder(
	values: Iterable<string>,
	fallback: DayMonthOrder = 'dmy'
): DateOrderGuess {
	let dayFirst = false;
	let monthFirst = false;
	let dotted = false;
	let open = false;
	for (const raw of values) {
		const m = NUMERIC_DMY.exec(raw.trim());
		if (!m || isEmptyDate(raw)) continue;
		open = true;
		const a = Number(m[1]);
		const b = Number(m[2]);
		if (raw.includes('.')) dotted = true;
		if (a > 12 && b <= 12) dayFirst = true;
		if (b > 12 && a <= 12) monthFirst = true;
	}
	if (dayFirst && !monthFirst) return { order: 'dmy', certain: true };
	if (monthFirst && !dayFirst) return { order: 'mdy', certain: true };
	// Dots mean day-first wherever they are used (Germany, Russia, ...).
	return { order: dotted ? 'dmy' : fallback, certain: !open };
}

/**
 * One value to 'YYYY-MM-DD', or null when it is not a date. Two-digit years below 50 are read
 * as 20xx, the rest as 19xx. Numbers up to six digits are Excel serial days (1900 system).
 */
export function parseDate(value: string, order: DayMonthOrder): string | null {
	const v = value.trim();
	if (v === '') return null;
	let m = NUMERIC_YMD.exec(v);
	if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
	m = COMPACT_YMD.exec(v);
	if (m) return ymd(Number(m[1] + m[2]), Number(m[3]), Number(m[4]));
	m = NUMERIC_DMY.exec(v);
	if (m) {
		const a = Number(m[1]);
		const b = Number(m[2]);
		const y = fullYear(m[3]);
		return order === 'dmy' ? ymd(y, b, a) : ymd(y, a, b);
	}
	if (SERIAL.test(v)) return excelSerial(Number(v));
	m = DAY_MONTH_NAME.exec(v);
	if (m) return named(fullYear(m[3]), m[2], Number(m[1]));
	m = MONTH_NAME_DAY.exec(v);
	if (m) return named(Number(m[3]), m[1], Number(m[2]));
	return null;
}

function fullYear(y: string): number {
	if (y.length === 4) return Number(y);
	const n = Number(y);
	return n < 50 ? 2000 + n : 1900 + n;
}

function named(y: number, monthName: string, d: number): string | null {
	const month = MONTHS.indexOf(monthName.slice(0, 3).toLowerCase());
	if (month < 0) return null;
	return ymd(y, month + 1, d);
}

/** Excel counts days from 1899-12-31 and wrongly treats 1900 as a leap year (day 60). */
function excelSerial(n: number): string | null {
	const day = Math.floor(n);
	if (day < 1 || day > 2958465 || day === 60) return null;
	const offset = day > 60 ? day - 1 : day;
	const ms = Date.UTC(1899, 11, 31) + offset * 86_400_000;
	return new Date(ms).toISOString().slice(0, 10);
}

function ymd(y: number, mo: number, d: number): string | null {
	if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1) return null;
	if (d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return null;
	return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
