/**
 * Saved segments as the workspace shares them: one key per segment in the core document's
 * `segments` map, its value a plain object { name, def, createdBy, createdAt, updatedBy,
 * updatedAt }. Saving a segment writes its whole value, so two people editing one segment at
 * once end with the later save on both devices, and two saving different segments both keep
 * theirs. A value a buggy peer stored is listed as broken, with why, and tests nobody.
 */
import { describeRaw } from '../describe-raw';
import type { SegmentDef, SegmentFields } from './definition';
import { validateSegment } from './validate';

export interface SavedSegment {
	id: string;
	name: string;
	def: SegmentDef;
	createdBy: string;
	createdAt: number;
	updatedBy: string;
	updatedAt: number;
}

/** A stored segment that cannot be read: shown with a warning, never evaluated. */
export interface BrokenSegment {
	id: string;
	/** Its name when that much is readable, else its id. */
	name: string;
	problem: string;
}

export const MAX_SEGMENT_NAME = 80;

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One stored value read: the segment, or why it is broken. */
export function readSavedSegment(
	id: string,
	raw: unknown,
	fields: SegmentFields
): SavedSegment | BrokenSegment {
	if (!isObject(raw)) return { id, name: id, problem: `stored as ${describeRaw(raw)}` };
	const name =
		typeof raw.name === 'string' && raw.name.trim()
			? raw.name.trim().slice(0, MAX_SEGMENT_NAME)
			: '';
	if (!name) return { id, name: id, problem: 'it has no name' };
	// Custom fields are not checked here: their definitions sync on their own, and a condition on
	// one that is gone matches nobody when evaluated.
	const checked = validateSegment(raw.def, undefined, fields);
	if (!checked.ok) return { id, name, problem: checked.problems.map((p) => p.message).join(' ') };
	const text = (v: unknown) => (typeof v === 'string' ? v : '');
	const time = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
	return {
		id,
		name,
		def: checked.segment,
		createdBy: text(raw.createdBy),
		createdAt: time(raw.createdAt),
		updatedBy: text(raw.updatedBy),
		updatedAt: time(raw.updatedAt)
	};
}

/** Every stored segment, readable ones by name, broken ones apart. */
export function readSavedSegments(
	entries: Iterable<[string, unknown]>,
	fields: SegmentFields
): { segments: SavedSegment[]; broken: BrokenSegment[] } {
	const segments: SavedSegment[] = [];
	const broken: BrokenSegment[] = [];
	for (const [id, raw] of entries) {
		const s = readSavedSegment(id, raw, fields);
		if ('problem' in s) broken.push(s);
		else segments.push(s);
	}
	segments.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
	return { segments, broken };
}

/** What is wrong with a name for a segment (empty, too long, taken), or null. */
export function segmentNameProblem(
	name: string,
	segments: readonly SavedSegment[],
	exceptId: string | null
): string | null {
	const n = name.trim();
	if (!n) return 'Give the segment a name.';
	if (n.length > MAX_SEGMENT_NAME) return `A name of at most ${MAX_SEGMENT_NAME} characters.`;
	const taken = segments.some(
		(s) => s.id !== exceptId && s.name.toLocaleLowerCase() === n.toLocaleLowerCase()
	);
	return taken ? `There is already a segment called "${n}".` : null;
}
