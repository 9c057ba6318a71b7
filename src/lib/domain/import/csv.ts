/**
 * CSV text to a header row and data rows, with every oddity reported instead of guessed
 * away silently. Synchronous on purpose: it runs in a worker and reports progress through a
 * callback (postMessage from inside it reaches the page while the parse goes on).
 */
import Papa from 'papaparse';

export type Delimiter = ',' | ';' | '\t';

export interface RowProblem {
	/** Index into `rows`, or -1 when the row was not kept. */
	row: number;
	/** 1-based line of the file where the record starts (the header is line 1). */
	line: number;
	message: string;
}

export interface ParsedCsv {
	headers: string[];
	/** Every row has at least headers.length cells (short rows are padded with ''). */
	rows: string[][];
	problems: RowProblem[];
	delimiter: Delimiter;
}

export interface ParseCsvOptions {
	/** Called every `chunkRows` rows and once at the end; the total is an estimate. */
	onProgress?(rowsDone: number, totalEstimate: number): void;
	chunkRows?: number;
	/** Skips detection when the caller (or the person) already knows. */
	delimiter?: Delimiter;
}

const DELIMITERS: Delimiter[] = [',', ';', '\t'];
const SAMPLE_CHARS = 64 * 1024;

/** Comma, semicolon (European Excel) or tab, from how consistently each splits the first lines. */
export function detectDelimiter(text: string): Delimiter {
	const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
	const guess = Papa.parse<string[]>(sample, {
		delimitersToGuess: DELIMITERS,
		preview: 50,
		skipEmptyLines: 'greedy'
	}).meta.delimiter;
	return (DELIMITERS as string[]).includes(guess) ? (guess as Delimiter) : ',';
}

export function parseCsv(input: string, opts: ParseCsvOptions = {}): ParsedCsv | { error: string } {
	const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
	if (text.trim() === '') return { error: 'The file is empty.' };
	const delimiter = opts.delimiter ?? detectDelimiter(text);
	const chunkRows = Math.max(1, opts.chunkRows ?? 1000);

	let headers: string[] | null = null;
	const rows: string[][] = [];
	const problems: RowProblem[] = [];
	let fatal: string | null = null;

	// Line numbers come from counting line breaks up to each record's start, once over the text.
	let countedTo = 0;
	let line = 1;
	const lineAt = (pos: number) => {
		for (
			let i = text.indexOf('\n', countedTo);
			i !== -1 && i < pos;
			i = text.indexOf('\n', i + 1)
		) {
			line++;
		}
		countedTo = Math.max(countedTo, pos);
		return line;
	};
	let recordStart = 0;

	Papa.parse<string[]>(text, {
		delimiter,
		skipEmptyLines: 'greedy',
		step(result, parser) {
			// Blank lines are skipped before step, so the record starts after leading breaks.
			const startLine = lineAt(skipBreaks(text, recordStart));
			recordStart = result.meta.cursor;
			const cells = result.data;
			if (result.errors.some((e) => e.code === 'MissingQuotes')) {
				fatal = `Line ${startLine}: a quoted value is never closed (a " is missing or misplaced), so the rest of the file would be read as one value. Fix the quotes and import again.`;
				parser.abort();
				return;
			}
			if (headers === null) {
				headers = uniqueHeaders(cells);
				return;
			}
			const index = rows.length;
			if (result.errors.some((e) => e.code === 'InvalidQuotes')) {
				problems.push({
					row: index,
					line: startLine,
					message: `Line ${startLine}: a " inside a value is not doubled; the value was read as written.`
				});
			}
			if (cells.length !== headers.length) {
				problems.push({
					row: index,
					line: startLine,
					message: `Line ${startLine} has ${cells.length} values; the header has ${headers.length}.${cells.length < headers.length ? ' The missing ones were left empty.' : ' The extra ones are not imported.'}`
				});
				while (cells.length < headers.length) cells.push('');
			}
			rows.push(cells);
			if (opts.onProgress && rows.length % chunkRows === 0) {
				// Rows so far scaled by the share of the text read; exact once the end is reached.
				const atEnd = recordStart >= text.length;
				const estimate = Math.round((rows.length * text.length) / Math.max(1, recordStart));
				opts.onProgress(rows.length, atEnd ? rows.length : Math.max(rows.length, estimate));
			}
		}
	});

	if (fatal) return { error: fatal };
	if (headers === null) return { error: 'The file is empty.' };
	if (rows.length === 0) return { error: 'The file has a header row but no data rows.' };
	if (rows.length % chunkRows !== 0) opts.onProgress?.(rows.length, rows.length);
	return { headers, rows, problems, delimiter };
}

function skipBreaks(text: string, pos: number): number {
	let p = pos;
	while (p < text.length && (text[p] === '\n' || text[p] === '\r')) p++;
	return p;
}

/** Trimmed, never empty, never repeated: "Phone", "Phone (2)", "Column 3". */
export function uniqueHeaders(raw: string[]): string[] {
	const used = new Set<string>();
	return raw.map((h, i) => {
		const base = h.trim() === '' ? `Column ${i + 1}` : h.trim();
		let name = base;
		for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base} (${n})`;
		used.add(name.toLowerCase());
		return name;
	});
}
