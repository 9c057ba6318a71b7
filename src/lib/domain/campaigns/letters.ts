/**
 * A letter campaign's mail-merge file: one row per recipient with the name, the postal address
 * (a line per column, for a word processor's fields) and the letter's own text, made
 * formula-safe as the list's CSV export is (domain/export/csv.ts).
 */
import { toCsv } from '../export/csv';

export interface Letter {
	name: string;
	/** The postal address, a line each. */
	address: readonly string[];
	subject: string;
	text: string;
}

const ADDRESS_LINES = 4;

export function mailMergeCsv(letters: readonly Letter[]): string {
	const headers = [
		'Name',
		...Array.from({ length: ADDRESS_LINES }, (_, i) => `Address line ${i + 1}`),
		'Subject',
		'Letter'
	];
	const rows = letters.map((l) => {
		const lines = l.address.slice(0, ADDRESS_LINES - 1);
		// Whatever does not fit the columns stays on the last line, not dropped.
		const rest = l.address.slice(ADDRESS_LINES - 1).join(', ');
		const address = [...lines, rest];
		while (address.length < ADDRESS_LINES) address.push('');
		return [l.name, ...address.slice(0, ADDRESS_LINES), l.subject, l.text];
	});
	return toCsv(headers, rows);
}
