/**
 * Value clusters: the workspace's customers in three grids — current value (lifetime value's
 * tier) against potential value (the person's potential's tier), RFM cells, and effort (hours
 * spent with them) against revenue — each cell with its count, revenue and the ids behind it,
 * and the best customers by lifetime value with their share of all revenue.
 */
import type { RfmCell } from './profile';
import { RFM_CELLS } from './rfm';
import { tierOf, VALUE_TIERS, type TierFloors, type ValueTier } from './tiers';

/** What the grids need of one customer. */
export interface ClusterCustomer {
	id: string;
	/** 0 without counted orders. */
	lifetimeValue: number;
	potential: number | null;
	rfmCell: RfmCell | null;
	interactions: number;
	minutes: number;
}

export interface Cell {
	/** The cell's key in its grid ('high/low', 'champions', 'none/medium'). */
	key: string;
	count: number;
	revenue: number;
	minutes: number;
	ids: string[];
}

export const POTENTIAL_COLUMNS = [...VALUE_TIERS, 'unset'] as const;
export type PotentialColumn = (typeof POTENTIAL_COLUMNS)[number];

/** Hours spent, in bands: none, under 1 h, 1–10 h, over 10 h. */
export const EFFORT_BANDS = ['none', 'light', 'moderate', 'heavy'] as const;
export type EffortBand = (typeof EFFORT_BANDS)[number];
export const EFFORT_BAND_LABELS: Record<EffortBand, string> = {
	none: 'No interactions',
	light: 'Under 1 h',
	moderate: '1–10 h',
	heavy: 'Over 10 h'
};

export function effortBand(interactions: number, minutes: number): EffortBand {
	if (interactions === 0) return 'none';
	return minutes < 60 ? 'light' : minutes <= 600 ? 'moderate' : 'heavy';
}

export const GRIDS = ['value', 'rfm', 'effort'] as const;
export type GridName = (typeof GRIDS)[number];

export interface Clusters {
	/** `${current}/${potential}` → cell. */
	value: Map<string, Cell>;
	rfm: Map<string, Cell>;
	/** `${effortBand}/${current}` → cell. */
	effort: Map<string, Cell>;
	totalRevenue: number;
	customers: number;
}

function cellIn(grid: Map<string, Cell>, key: string): Cell {
	let cell = grid.get(key);
	if (!cell) grid.set(key, (cell = { key, count: 0, revenue: 0, minutes: 0, ids: [] }));
	return cell;
}

function add(cell: Cell, c: ClusterCustomer): void {
	cell.count++;
	cell.revenue += c.lifetimeValue;
	cell.minutes += c.minutes;
	cell.ids.push(c.id);
}

/** Every customer (bought something, has a potential, or was spent time with) in each grid. */
export function buildClusters(customers: Iterable<ClusterCustomer>, floors: TierFloors): Clusters {
	const value = new Map<string, Cell>();
	const rfm = new Map<string, Cell>();
	const effort = new Map<string, Cell>();
	let totalRevenue = 0;
	let count = 0;
	for (const c of customers) {
		count++;
		totalRevenue += c.lifetimeValue;
		const current: ValueTier = tierOf(c.lifetimeValue, floors);
		const potential: PotentialColumn = c.potential === null ? 'unset' : tierOf(c.potential, floors);
		add(cellIn(value, `${current}/${potential}`), c);
		if (c.rfmCell) add(cellIn(rfm, c.rfmCell), c);
		add(cellIn(effort, `${effortBand(c.interactions, c.minutes)}/${current}`), c);
	}
	return { value, rfm, effort, totalRevenue, customers: count };
}

/** Whether `key` names a cell of `grid` (what a link to the people list may carry). */
export function isCellKey(grid: GridName, key: string): boolean {
	const [a, b, extra] = key.split('/');
	if (grid === 'rfm') return b === undefined && (RFM_CELLS as readonly string[]).includes(a);
	if (extra !== undefined || b === undefined) return false;
	const tiers = VALUE_TIERS as readonly string[];
	if (grid === 'value')
		return tiers.includes(a) && (POTENTIAL_COLUMNS as readonly string[]).includes(b);
	return (EFFORT_BANDS as readonly string[]).includes(a) && tiers.includes(b);
}

export interface BestCustomer {
	id: string;
	lifetimeValue: number;
	/** Of the revenue of every customer, 0–1. */
	share: number;
}

/** The top `n` by lifetime value (ties by id, so every device lists the same). */
export function bestCustomers(
	customers: Iterable<Pick<ClusterCustomer, 'id' | 'lifetimeValue'>>,
	n: number
): BestCustomer[] {
	const all = [...customers].filter((c) => c.lifetimeValue > 0);
	const total = all.reduce((s, c) => s + c.lifetimeValue, 0);
	return all
		.sort((a, b) => b.lifetimeValue - a.lifetimeValue || (a.id < b.id ? -1 : 1))
		.slice(0, n)
		.map((c) => ({ id: c.id, lifetimeValue: c.lifetimeValue, share: c.lifetimeValue / total }));
}
