/**
 * A dashboard's cards, stored so several people can edit one dashboard at once without losing
 * a card. A dashboard is a record, and every key of a record is its own merge unit; so a card
 * is three keys, never one shared list (a JSON array would keep only the last writer's):
 *
 * - `card:<id>`  what it shows: report, kind, size, options (edited as one value);
 * - `pos:<id>`   where it sits: a number; cards sort by it, then by id. A move writes only
 *                the moved card's position (between its new neighbours'), so two people
 *                moving two cards both keep their move;
 * - `gone:<id>`  true once removed. Removing writes a key nobody else writes, so one person
 *                moving a card while another removes it ends removed, and an undo brings it
 *                back where it was.
 *
 * Two people adding a card at once write different ids: both are kept (same position: by id).
 */
import { REPORT_KINDS, type ReportKind } from '../reports/report';

export const CARD_KINDS = ['chart', 'number', 'table'] as const;
export type CardKind = (typeof CARD_KINDS)[number];
export const CARD_KIND_LABELS: Record<CardKind, string> = {
	chart: 'Chart',
	number: 'Number',
	table: 'Table'
};

export const CARD_SIZES = ['small', 'medium', 'large'] as const;
export type CardSize = (typeof CARD_SIZES)[number];
export const CARD_SIZE_LABELS: Record<CardSize, string> = {
	small: 'Small',
	medium: 'Medium',
	large: 'Wide'
};

/** What a card shows, as stored under `card:<id>`. */
export interface CardSpec {
	reportId: string;
	kind: CardKind;
	size: CardSize;
	/** The chart drawn, when not the report's own (a line instead of bars); null: the report's. */
	chart: ReportKind | null;
	/** A title of the card's own; '' : the report's. */
	title: string;
}

export interface DashboardCard extends CardSpec {
	id: string;
	position: number;
}

export const CARD_PREFIX = 'card:';
export const POSITION_PREFIX = 'pos:';
export const GONE_PREFIX = 'gone:';

export const cardKey = (id: string) => CARD_PREFIX + id;
export const positionKey = (id: string) => POSITION_PREFIX + id;
export const goneKey = (id: string) => GONE_PREFIX + id;

/** A card's stored value read back, or null when it is not one (a buggy or newer peer's). */
export function readCardSpec(raw: unknown): CardSpec | null {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
	const r = raw as Record<string, unknown>;
	if (typeof r.reportId !== 'string' || r.reportId === '') return null;
	return {
		reportId: r.reportId,
		kind: (CARD_KINDS as readonly unknown[]).includes(r.kind) ? (r.kind as CardKind) : 'chart',
		size: (CARD_SIZES as readonly unknown[]).includes(r.size) ? (r.size as CardSize) : 'medium',
		chart: (REPORT_KINDS as readonly unknown[]).includes(r.chart) ? (r.chart as ReportKind) : null,
		title: typeof r.title === 'string' ? r.title.slice(0, 120) : ''
	};
}

/** The cards of a record's keys, in their order; removed and unreadable ones left out. */
export function readCards(raw: Record<string, unknown>): DashboardCard[] {
	const cards: DashboardCard[] = [];
	for (const key of Object.keys(raw)) {
		if (!key.startsWith(CARD_PREFIX)) continue;
		const id = key.slice(CARD_PREFIX.length);
		if (raw[goneKey(id)] === true) continue;
		const spec = readCardSpec(raw[key]);
		if (!spec) continue;
		const p = raw[positionKey(id)];
		cards.push({ ...spec, id, position: typeof p === 'number' && Number.isFinite(p) ? p : 0 });
	}
	return sortCards(cards);
}

export function sortCards<T extends { id: string; position: number }>(cards: T[]): T[] {
	return cards.sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The keys that add a card at the end. */
export function addCardKeys(
	cards: readonly DashboardCard[],
	id: string,
	spec: CardSpec
): Record<string, unknown> {
	const last = cards.at(-1)?.position ?? 0;
	return { [cardKey(id)]: { ...spec }, [positionKey(id)]: cards.length ? last + 1 : 0 };
}

/**
 * The position keys that put card `id` at `to` (its index once moved) among `cards`: only the
 * moved card's key when its new neighbours leave room between them; every card's, renumbered,
 * when they do not (two cards added at once share a position).
 */
export function moveCardKeys(
	cards: readonly DashboardCard[],
	id: string,
	to: number
): Record<string, number> {
	const from = cards.findIndex((c) => c.id === id);
	if (from < 0) return {};
	const rest = cards.filter((c) => c.id !== id);
	const at = Math.max(0, Math.min(to, rest.length));
	if (at === from) return {};
	const before = rest[at - 1];
	const after = rest[at];
	let position: number | null;
	if (!before) position = after ? after.position - 1 : 0;
	else if (!after) position = before.position + 1;
	else position = after.position > before.position ? (before.position + after.position) / 2 : null;
	if (position !== null && position !== before?.position && position !== after?.position)
		return { [positionKey(id)]: position };
	const order = [...rest.slice(0, at), cards[from], ...rest.slice(at)];
	return Object.fromEntries(order.map((c, i) => [positionKey(c.id), i]));
}
