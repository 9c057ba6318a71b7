/**
 * The import page's state and steps: choose a file → review (mapping, preview, problems,
 * duplicates) → import with progress → done (revert possible). Heavy work goes to the
 * analyser (the import worker); writing goes through the data layer in chunks. Nothing is
 * stored before startImport(). The page holds one flow (importFlowInWorker) and the types
 * re-exported here; it never reaches data/ or the worker itself.
 */
import { checkFileSize } from '$lib/domain/import/decode';
import type { RowResult } from '$lib/domain/import/rows';
import {
	importableType,
	importableTypes,
	targetChoices,
	targetKey,
	type ColumnMapping,
	type ImportableType,
	type ImportEntity,
	type MappingTarget
} from '$lib/domain/import/targets';
import type { DuplicateMode } from '$lib/data/import-batch';
import { workspaceStamp } from '$lib/data/import-existing';
import { buildPlanIndex } from '$lib/data/import-names';
import { planImport, type ImportPlan } from '$lib/data/import-plan';
import { revertImport, type RevertResult } from '$lib/data/import-revert';
import { runImport, type ChunkProgress, type RunResult } from '$lib/data/import-run';
import { buildOrderPlanIndex, openMonthsOf } from '$lib/data/order-import-index';
import {
	DEFAULT_ORDER_CHOICES,
	planOrderImport,
	type OrderImportChoices,
	type OrderImportPlan
} from '$lib/data/order-import-plan';
import { runOrderImport } from '$lib/data/order-import-run';
import { serviceRemindersOf } from './imported-order-services';
import { untilLoaded } from './until-loaded';
import type { Workspace } from '$lib/data/workspace.svelte';
import { createAnalyser, type ImportAnalyser } from '$lib/workers/import-analyser';
import type { ConvertResult, FileSummary, Phase } from '$lib/workers/import-session';

export type {
	ChunkProgress,
	DuplicateMode,
	ImportPlan,
	OrderImportChoices,
	OrderImportPlan,
	RunResult
};
export type { DuplicateHit } from '$lib/data/import-plan';

export type Step = 'choose' | 'reading' | 'review' | 'importing' | 'done';

export interface FlowProgress {
	phase: Phase | 'writing' | 'reverting';
	done: number;
	total: number;
	startedAt: number;
}

export interface RowProblemLine {
	row: number;
	label: string;
	message: string;
}

export interface FlowOptions {
	readOnly?: () => boolean;
	chunkSize?: number;
	pause?: () => Promise<void>;
}

export const PREVIEW_ROWS = 10;

/** How long a file waits for the workspace to load from the device before it is compared. */
const LOAD_LIMIT_MS = 30_000;

/** The types a file can be imported as, in their declared order; the first is the default. */
export const IMPORT_TYPES: readonly ImportableType[] = importableTypes();

export class ImportFlow {
	step = $state<Step>('choose');
	error = $state<string | null>(null);
	fileName = $state('');
	summary = $state.raw<FileSummary | null>(null);
	entity = $state<ImportEntity>(IMPORT_TYPES[0].name);
	mapping = $state.raw<ColumnMapping[]>([]);
	converted = $state.raw<ConvertResult | null>(null);
	checking = $state(false);
	/** Waiting for the device's copy of the workspace to load before the file is compared. */
	loadingPeople = $state(false);
	mode = $state<DuplicateMode>('skip');
	plan = $state.raw<ImportPlan | null>(null);
	/** A shop's order export: what importing its orders will do, and the choices it follows. */
	orderPlan = $state.raw<OrderImportPlan | null>(null);
	orderChoices = $state.raw<OrderImportChoices>(DEFAULT_ORDER_CHOICES);
	progress = $state.raw<FlowProgress | null>(null);
	result = $state.raw<RunResult | null>(null);
	reverted = $state.raw<RevertResult | null>(null);
	cancelRequested = $state(false);
	private checkToken = 0;
	/** The document's state when the plan was made. */
	private planStamp = '';

	constructor(
		private readonly ws: Workspace,
		private readonly analyser: ImportAnalyser,
		private readonly opts: FlowOptions = {}
	) {}

	get readOnly(): boolean {
		return this.opts.readOnly?.() ?? false;
	}

	/** The declaration of the type being imported. */
	get type(): ImportableType {
		return importableType(this.entity) ?? IMPORT_TYPES[0];
	}

	/** "Row 5" as in a spreadsheet (the header is row 1); "Card 5" in a vCard file. */
	rowLabel(row: number): string {
		return this.summary?.kind === 'vcard' ? `Card ${row + 1}` : `Row ${row + 2}`;
	}

	get choices(): MappingTarget[] {
		const count = (type: string) =>
			Math.max(
				0,
				...this.mapping.map((m) =>
					'index' in m.target && m.target.type.startsWith(type) ? m.target.index + 1 : 0
				)
			);
		return targetChoices(
			this.type,
			this.ws.customFields.list,
			{
				emails: Math.max(3, count('email')),
				phones: Math.max(3, count('phone')),
				addresses: Math.max(2, count('address'))
			},
			this.mapping
		);
	}

	get previewRows(): { row: number; label: string; result: RowResult }[] {
		const rows = this.converted?.rows ?? [];
		return rows
			.slice(0, PREVIEW_ROWS)
			.map((result, row) => ({ row, label: this.rowLabel(row), result }));
	}

	get problems(): RowProblemLine[] {
		const out: RowProblemLine[] = [];
		for (const p of this.converted?.orders?.problems ?? [])
			out.push({ row: p.row, label: this.rowLabel(p.row), message: p.message });
		(this.converted?.rows ?? []).forEach((r, row) => {
			for (const message of r.problems) out.push({ row, label: this.rowLabel(row), message });
		});
		return out;
	}

	/** Problems that belong to no kept row (a vCard that could not be read, …). */
	get fileNotes(): string[] {
		const s = this.summary;
		if (!s) return [];
		const notes =
			s.kind === 'vcard'
				? [...s.notes]
				: s.parseProblems.filter((p) => p.row < 0).map((p) => p.message);
		return [...notes, ...(this.converted?.notes ?? [])];
	}

	async chooseFile(file: File): Promise<void> {
		if (this.step === 'reading' || this.step === 'importing') return;
		this.reset();
		this.fileName = file.name;
		// The size first: a 200 MB file is refused before a byte of it is read.
		const sizeError = checkFileSize(file.size);
		if (sizeError) {
			this.error = sizeError;
			return;
		}
		this.step = 'reading';
		this.progress = { phase: 'reading', done: 0, total: file.size, startedAt: Date.now() };
		try {
			const loaded = await this.analyser.load(
				file,
				file.name,
				this.ws.customFields.list,
				(phase, done, total) => {
					this.progress = { phase, done, total, startedAt: this.progress?.startedAt ?? Date.now() };
				}
			);
			if (!loaded.ok) {
				this.fail(loaded.error);
				return;
			}
			this.summary = loaded.summary;
			const s = loaded.summary;
			this.entity =
				s.kind === 'vcard' ? s.entity : s.kind === 'orders' ? 'order' : IMPORT_TYPES[0].name;
			this.mapping = s.kind === 'csv' ? (s.suggested[this.entity] ?? []) : [];
			await this.check();
		} catch (err) {
			this.fail(`The file could not be read: ${message(err)}`);
		}
	}

	setEntity(entity: ImportEntity): void {
		const s = this.summary;
		if (!s || s.kind !== 'csv' || entity === this.entity || !s.suggested[entity]) return;
		this.entity = entity;
		this.mapping = s.suggested[entity];
		void this.check();
	}

	/** Sets one column's target from a <select> value (targetKey). */
	setTarget(column: number, key: string): void {
		const target = this.choices.find((t) => targetKey(t) === key);
		if (!target) return;
		this.mapping = this.mapping.map((m) => (m.column === column ? { ...m, target } : m));
		void this.check();
	}

	/** Changes what an order import does with existing orders, new customers or products. */
	setOrderChoices(choices: Partial<OrderImportChoices>): void {
		this.orderChoices = { ...this.orderChoices, ...choices };
		this.replan();
	}

	setMode(mode: DuplicateMode): void {
		this.mode = mode;
		this.replan();
	}

	/** Converts every row with the current mapping (in the worker), then plans the import. */
	async check(): Promise<void> {
		const token = ++this.checkToken;
		this.checking = true;
		try {
			const converted = await this.analyser.convert(
				{ entity: this.entity, mapping: this.mapping, customDefs: this.ws.customFields.list },
				(phase, done, total) => {
					if (token === this.checkToken && this.step === 'reading') {
						this.progress = {
							phase,
							done,
							total,
							startedAt: this.progress?.startedAt ?? Date.now()
						};
					}
				}
			);
			if (token !== this.checkToken) return;
			if (!(await this.peopleLoaded(token))) return;
			this.converted = converted;
			this.replan();
			this.step = 'review';
			this.progress = null;
		} catch (err) {
			if (token === this.checkToken) this.fail(`The rows could not be checked: ${message(err)}`);
		} finally {
			if (token === this.checkToken) this.checking = false;
		}
	}

	/**
	 * Waits (bounded) until the device's copy of the workspace has loaded, so the plan compares
	 * the file with every person this device holds: a file chosen right after a reload was
	 * planned against the people loaded so far (a customer of the last import taken for new).
	 */
	private async peopleLoaded(token: number): Promise<boolean> {
		if (this.ws.loaded) return true;
		this.loadingPeople = true;
		const loaded = await untilLoaded(this.ws, LOAD_LIMIT_MS);
		this.loadingPeople = false;
		if (token !== this.checkToken) return false;
		if (!loaded)
			this.fail(
				`The workspace's people had not loaded on this device after ${LOAD_LIMIT_MS / 1000} s, so the file could not be compared with them. Nothing was imported: choose the file again in a moment.`
			);
		return loaded;
	}

	private replan(): void {
		if (!this.converted) return;
		const orders = this.converted.orders;
		if (orders) {
			openMonthsOf(this.ws, orders);
			this.planStamp = workspaceStamp(this.ws);
			this.orderPlan = planOrderImport(orders, buildOrderPlanIndex(this.ws), this.orderChoices);
			return;
		}
		this.planStamp = workspaceStamp(this.ws);
		const index = buildPlanIndex(this.ws, this.entity);
		this.plan = planImport(this.converted.rows, index, this.mode, {
			rowName: (r) => this.rowLabel(r).toLowerCase()
		});
	}

	get canImport(): boolean {
		return (
			this.step === 'review' &&
			!this.checking &&
			!this.readOnly &&
			((this.plan?.rows.length ?? 0) > 0 || (this.orderPlan?.orders.length ?? 0) > 0)
		);
	}

	async startImport(): Promise<void> {
		if (!this.canImport) return;
		// Against the records as they are now: a peer may have added some since the preview.
		if (workspaceStamp(this.ws) !== this.planStamp) this.replan();
		if (this.orderPlan) return this.importOrders(this.orderPlan);
		const plan = this.plan!;
		this.step = 'importing';
		this.cancelRequested = false;
		const startedAt = Date.now();
		this.progress = { phase: 'writing', done: 0, total: plan.rows.length, startedAt };
		try {
			this.result = await runImport(this.ws, plan, {
				fileName: this.fileName,
				chunkSize: this.opts.chunkSize,
				pause: this.opts.pause,
				cancelled: () => this.cancelRequested,
				onProgress: (p: ChunkProgress) => (this.progress = { phase: 'writing', ...p })
			});
			this.step = 'done';
		} catch (err) {
			this.fail(
				`The import stopped: ${message(err)}. What was written is listed under Past imports and can be reverted.`
			);
		}
	}

	private async importOrders(plan: OrderImportPlan): Promise<void> {
		if (plan.orders.length === 0) return;
		this.step = 'importing';
		this.cancelRequested = false;
		const startedAt = Date.now();
		this.progress = { phase: 'writing', done: 0, total: plan.orders.length, startedAt };
		try {
			this.result = await runOrderImport(this.ws, plan, {
				fileName: this.fileName,
				chunkSize: this.opts.chunkSize,
				pause: this.opts.pause,
				cancelled: () => this.cancelRequested,
				onProgress: (p: ChunkProgress) => (this.progress = { phase: 'writing', ...p }),
				afterChunk: serviceRemindersOf(this.ws)
			});
			this.step = 'done';
		} catch (err) {
			this.fail(
				`The import stopped: ${message(err)}. What was written is listed under Past imports and can be reverted.`
			);
		}
	}

	cancel(): void {
		if (this.step === 'importing') this.cancelRequested = true;
	}

	async revert(): Promise<void> {
		if (!this.result || this.readOnly) return;
		this.progress = { phase: 'reverting', done: 0, total: 1, startedAt: Date.now() };
		this.reverted = await revertImport(this.ws, this.result.importId, {
			chunkSize: this.opts.chunkSize,
			pause: this.opts.pause,
			onProgress: (p) => (this.progress = { phase: 'reverting', ...p })
		});
	}

	reset(): void {
		this.checkToken++;
		this.step = 'choose';
		this.error = null;
		this.fileName = '';
		this.summary = null;
		this.mapping = [];
		this.converted = null;
		this.checking = false;
		this.plan = null;
		this.orderPlan = null;
		this.orderChoices = DEFAULT_ORDER_CHOICES;
		this.progress = null;
		this.result = null;
		this.reverted = null;
		this.mode = 'skip';
		this.cancelRequested = false;
	}

	/** Ends the analyser (the import worker): call when the page lets the flow go. */
	dispose(): void {
		this.analyser.dispose();
	}

	private fail(error: string): void {
		this.error = error;
		this.step = 'choose';
		this.progress = null;
		this.summary = null;
		this.converted = null;
		this.plan = null;
		this.orderPlan = null;
	}
}

function message(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}

/** A flow whose heavy work runs in the import worker (in this thread where there is none). */
export function importFlowInWorker(ws: Workspace, opts: FlowOptions = {}): ImportFlow {
	return new ImportFlow(ws, createAnalyser(), opts);
}
