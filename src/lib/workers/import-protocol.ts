/** Messages between the import page and the import worker. */
import type { CustomFieldDef } from '$lib/domain/records';
import type { ConvertRequest, ConvertResult, LoadResult, Phase } from './import-session';

export type ToWorker =
	| { type: 'load'; id: number; file: Blob; fileName: string; customDefs: CustomFieldDef[] }
	| { type: 'convert'; id: number; request: ConvertRequest };

export type FromWorker =
	| { type: 'progress'; id: number; phase: Phase; done: number; total: number }
	| { type: 'loaded'; id: number; result: LoadResult }
	| { type: 'converted'; id: number; result: ConvertResult }
	| { type: 'failed'; id: number; message: string };
