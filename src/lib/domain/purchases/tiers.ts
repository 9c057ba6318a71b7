/**
 * The workspace's value tiers: low, medium and high, from the amount each higher tier starts at
 * (in the workspace currency). Kept as one key per tier in the core document's meta map (like
 * service levels), so two people changing different tiers both keep theirs; a value a buggy
 * peer stored reads as the default.
 */

export const VALUE_TIERS = ['low', 'medium', 'high'] as const;
export type ValueTier = (typeof VALUE_TIERS)[number];

export const VALUE_TIER_LABELS: Record<ValueTier, string> = {
	low: 'Low',
	medium: 'Medium',
	high: 'High'
};

/** Where the medium and high tiers start. */
export interface TierFloors {
	medium: number;
	high: number;
}

export const DEFAULT_TIER_FLOORS: TierFloors = { medium: 1_000, high: 10_000 };

export const tierKey = (tier: 'medium' | 'high') => `valueTier:${tier}`;

const isAmount = (v: unknown): v is number =>
	typeof v === 'number' && Number.isFinite(v) && v > 0 && v < 1e15;

/** The floors in force: each stored one when usable and in order, else the default. */
export function readTierFloors(get: (key: string) => unknown): TierFloors {
	const medium = get(tierKey('medium'));
	const high = get(tierKey('high'));
	const floors = {
		medium: isAmount(medium) ? medium : DEFAULT_TIER_FLOORS.medium,
		high: isAmount(high) ? high : DEFAULT_TIER_FLOORS.high
	};
	return floors.medium < floors.high ? floors : DEFAULT_TIER_FLOORS;
}

/** Why typed floors cannot be saved, or null. */
export function tierFloorsProblem(medium: number | null, high: number | null): string | null {
	if (medium === null || !isAmount(medium)) return 'Enter where Medium starts: an amount above 0.';
	if (high === null || !isAmount(high)) return 'Enter where High starts: an amount above 0.';
	if (medium >= high) return 'High must start above Medium.';
	return null;
}

export function tierOf(value: number, floors: TierFloors): ValueTier {
	return value >= floors.high ? 'high' : value >= floors.medium ? 'medium' : 'low';
}
