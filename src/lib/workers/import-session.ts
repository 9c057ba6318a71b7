/**
 * The heavy half of an import, free of the DOM so it runs in the import worker (and in
 * tests): bytes to text, text to rows (CSV or vCard), and rows to record fields for a given
 * column mapping. It keeps the parsed rows between calls, so changing the mapping does not
 * send the file again.
 */
import { parseCsv, type Delimiter, type ParsedCsv, type RowProblem } from '$lib/domain/import/csv';
import { decodeText, type TextEncodingName } from '$lib/domain/import/decode';
import { suggestMapping } from '$lib/domain/import/mapping';
import { analyseColumns, rowConverter, type RowResult } from '$lib/domain/import/rows';
import {
	importableType,
	importableTypes,
	type ColumnMapping,
	type ImportEntity
} from '$lib/domain/import/targets';
import { parseVCards } from '$lib/domain/import/vcard';
import { detectShopFormat, type ShopFormat } from '$lib/domain/orders/shop-formats';
import { readShopOrders, type ShopOrders } from '$lib/domain/orders/shop-orders';
import type { ImportedFields } from '$lib/domain/import/rows';
import type { CustomFieldDef } from '$lib/domain/records';

export type Phase = 'reading' | 'parsing' | 'checking';
export type OnProgress = (phase: Phase, done: number, total: number) => void;

export const SAMPLE_ROWS = 10;
/** Problems shown in full; beyond that only their number. */
export const MAX_LISTED_PROBLEMS = 500;

export interface CsvSummary {
	kind: 'csv';
	fileName: string;
	encoding: TextEncodingName;
	delimiter: Delimiter;
	headers: string[];
	rowCount: number;
	/** First rows as read, for the mapping screen. */
	sample: string[][];
	/** Problems of the file itself (ragged rows, stray quotes); row -1: not kept. */
	parseProblems: RowProblem[];
	/** The suggested mapping for each type the file can be imported as, by type name. */
	suggested: Record<ImportEntity, ColumnMapping[]>;
}

export interface VCardSummary {
	kind: 'vcard';
	/** The type vCards import as (the one declaring `import.vcard`). */
	entity: ImportEntity;
	fileName: string;
	encoding: TextEncodingName;
	rowCount: number;
	/** Cards skipped or partly read, photos left out, … */
	notes: string[];
}

/** A web shop's order export (rows are line items): it imports as orders, with no mapping. */
export interface OrdersSummary {
	kind: 'orders';
	format: ShopFormat;
	fileName: string;
	encoding: TextEncodingName;
	delimiter: Delimiter;
	rowCount: number;
	orderCount: number;
	lineCount: number;
	parseProblems: RowProblem[];
}

export type FileSummary = CsvSummary | VCardSummary | OrdersSummary;
export type LoadResult = { ok: true; summary: FileSummary } | { ok: false; error: string };

export interface ConvertRequest {
	entity: ImportEntity;
	mapping: ColumnMapping[];
	customDefs: CustomFieldDef[];
}

export interface ConvertResult {
	rows: RowResult[];
	/** Notes about whole columns (e.g. how ambiguous dates were read). */
	notes: string[];
	/** A shop's order export: its rows read as orders (`rows` is then empty). */
	orders?: ShopOrders;
}

const VCARD_NAME = /\.(vcf|vcard)$/i;

export class ImportSession {
	private csv: ParsedCsv | null = null;
	private cards: ImportedFields[] | null = null;
	private shop: ShopOrders | null = null;

	load(
		bytes: Uint8Array,
		fileName: string,
		customDefs: CustomFieldDef[],
		onProgress: OnProgress = () => {}
	): LoadResult {
		this.csv = null;
		this.cards = null;
		this.shop = null;
		onProgress('reading', 0, bytes.byteLength);
		const decoded = decodeText(bytes);
		if ('error' in decoded) return { ok: false, error: decoded.error };
		const { text, encoding } = decoded;
		const head = text.slice(0, 2000).trimStart();

		if (VCARD_NAME.test(fileName) || /^BEGIN:VCARD/i.test(head)) {
			const entity = importableTypes().find((t) => t.import.vcard)?.name;
			if (!entity) return { ok: false, error: 'vCard files cannot be imported.' };
			const cards = parseVCards(text);
			if ('error' in cards) return { ok: false, error: cards.error };
			if (cards.people.length === 0) {
				const reason = cards.notes[0] ? ` ${cards.notes[0]}` : '';
				return { ok: false, error: `No card in this file could be imported.${reason}` };
			}
			this.cards = cards.people;
			const rowCount = cards.people.length;
			return {
				ok: true,
				summary: { kind: 'vcard', entity, fileName, encoding, rowCount, notes: cards.notes }
			};
		}
		if (/\.json$/i.test(fileName) || head.startsWith('{')) {
			return {
				ok: false,
				error:
					'This is a JSON file, not CSV or vCard. To restore a workspace backup, use "Restore backup" under Backup.'
			};
		}

		const parsed = parseCsv(text, {
			onProgress: (done, total) => onProgress('parsing', done, total),
			chunkRows: 5000
		});
		if ('error' in parsed) return { ok: false, error: parsed.error };
		const shop = detectShopFormat(parsed.headers);
		if (shop) {
			onProgress('checking', 0, parsed.rows.length);
			this.shop = readShopOrders(parsed.rows, shop.format, shop.columns);
			// The file's own problems (a ragged row) belong to their rows, listed with the rest.
			for (const p of parsed.problems)
				if (p.row >= 0) this.shop.problems.push({ row: p.row, message: p.message });
			this.shop.problems.sort((a, b) => a.row - b.row);
			onProgress('checking', parsed.rows.length, parsed.rows.length);
			if (this.shop.orders.length === 0)
				return { ok: false, error: noOrders(this.shop, parsed.rows.length) };
			return {
				ok: true,
				summary: {
					kind: 'orders',
					format: shop.format,
					fileName,
					encoding,
					delimiter: parsed.delimiter,
					rowCount: parsed.rows.length,
					orderCount: this.shop.orders.length,
					lineCount: this.shop.lineCount,
					parseProblems: parsed.problems.filter((p) => p.row < 0).slice(0, MAX_LISTED_PROBLEMS)
				}
			};
		}
		this.csv = parsed;
		return {
			ok: true,
			summary: {
				kind: 'csv',
				fileName,
				encoding,
				delimiter: parsed.delimiter,
				headers: parsed.headers,
				rowCount: parsed.rows.length,
				sample: parsed.rows.slice(0, SAMPLE_ROWS),
				parseProblems: parsed.problems.slice(0, MAX_LISTED_PROBLEMS),
				suggested: Object.fromEntries(
					importableTypes().map((t) => [t.name, suggestMapping(parsed.headers, customDefs, t)])
				)
			}
		};
	}

	/** Every row as the fields it will be stored with, and why anything was left out. */
	convert(req: ConvertRequest, onProgress: OnProgress = () => {}): ConvertResult {
		if (this.shop) return { rows: [], notes: this.shop.notes, orders: this.shop };
		if (this.cards) {
			return {
				rows: this.cards.map((fields) => ({ fields, problems: [], empty: false })),
				notes: []
			};
		}
		const csv = this.csv;
		if (!csv) throw new Error('No file is loaded.');
		const type = importableType(req.entity);
		if (!type) throw new Error(`Records of type "${req.entity}" cannot be imported.`);
		const { options, notes } = analyseColumns(csv.rows, req.mapping, req.customDefs, type);
		const convert = rowConverter(req.mapping, req.customDefs, options);
		const total = csv.rows.length;
		const rows: RowResult[] = new Array(total);
		for (let i = 0; i < total; i++) {
			rows[i] = convert(csv.rows[i]);
			if ((i + 1) % 5000 === 0) onProgress('checking', i + 1, total);
		}
		// The file's own problems belong to their rows, shown with the rest.
		for (const p of csv.problems) if (p.row >= 0) rows[p.row].problems.unshift(p.message);
		onProgress('checking', total, total);
		return { rows, notes };
	}
}

/** Why a shop export gave no order: its first problem, so the person knows what to fix. */
function noOrders(shop: ShopOrders, rows: number): string {
	const first = shop.problems[0];
	const why = first ? ` Row ${first.row + 2}: ${first.message}` : '';
	return `This looks like an order export, but none of its ${rows.toLocaleString('en')} rows could be read as an order.${why}`;
}
