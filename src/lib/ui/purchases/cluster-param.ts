/**
 * A value cluster's cell in a link to the people list (`/people?cluster=rfm:champions`), its
 * name in words, and the people list's rows narrowed to that cell's people.
 */
import {
	EFFORT_BAND_LABELS,
	GRIDS,
	isCellKey,
	type EffortBand,
	type GridName
} from '$lib/domain/purchases/clusters';
import { RFM_CELL_LABELS } from '$lib/domain/purchases/rfm';
import type { RfmCell } from '$lib/domain/purchases/profile';
import { VALUE_TIER_LABELS, type ValueTier } from '$lib/domain/purchases/tiers';

export const CLUSTER_PARAM = 'cluster';

export interface ClusterCellRef {
	grid: GridName;
	key: string;
}

export function clusterParam(grid: GridName, key: string): string {
	return `${CLUSTER_PARAM}=${encodeURIComponent(`${grid}:${key}`)}`;
}

/** The cell a link names, or null when it names none. */
export function readClusterParam(value: string | null): ClusterCellRef | null {
	if (!value) return null;
	const colon = value.indexOf(':');
	const grid = value.slice(0, colon) as GridName;
	const key = value.slice(colon + 1);
	return colon > 0 && GRIDS.includes(grid) && isCellKey(grid, key) ? { grid, key } : null;
}

const tier = (t: string) => (t === 'unset' ? 'not set' : VALUE_TIER_LABELS[t as ValueTier]);

/** "Current value High, potential value not set"; "RFM: Champions"; "Effort 1–10 h, value Low". */
export function cellName({ grid, key }: ClusterCellRef): string {
	const [a, b] = key.split('/');
	if (grid === 'rfm') return `RFM: ${RFM_CELL_LABELS[a as RfmCell]}`;
	if (grid === 'value') return `Current value ${tier(a)}, potential value ${tier(b)}`;
	return `Effort ${EFFORT_BAND_LABELS[a as EffortBand]}, value ${tier(b)}`;
}

/** The repository with only the rows of `only` (its other members as they are). */
export function withRowsOf<T extends { readonly rows: readonly { id: string }[] }>(
	repo: T,
	only: ReadonlySet<string>
): T {
	return new Proxy(repo, {
		get(target, prop) {
			if (prop === 'rows') return target.rows.filter((r) => only.has(r.id));
			const value: unknown = Reflect.get(target, prop, target);
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
}
