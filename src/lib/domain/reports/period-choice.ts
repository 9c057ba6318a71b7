/**
 * The periods a dashboard can be set to, and whether a stored value is one: what the dashboard
 * record type validates with. Kept apart from period.ts, whose zone arithmetic (date-fns-tz)
 * then loads with the dashboards, not with every page that reads the record types.
 */
export const PERIOD_PRESETS = [
	'this-month',
	'this-quarter',
	'this-year',
	'last-12-months'
] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export const PRESET_LABELS: Record<PeriodPreset, string> = {
	'this-month': 'This month',
	'this-quarter': 'This quarter',
	'this-year': 'This year',
	'last-12-months': 'Last 12 months'
};

/** A preset, or two days ('2026-01-01' to '2026-03-31', both included). */
export type PeriodChoice = PeriodPreset | { from: string; to: string };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isPeriodChoice(value: unknown): value is PeriodChoice {
	if (typeof value === 'string') return (PERIOD_PRESETS as readonly string[]).includes(value);
	if (!value || typeof value !== 'object') return false;
	const { from, to } = value as Record<string, unknown>;
	return isDay(from) && isDay(to) && from <= to;
}

export function isDay(value: unknown): value is string {
	if (typeof value !== 'string' || !DAY.test(value)) return false;
	const ms = Date.parse(`${value}T00:00:00Z`);
	return Number.isFinite(ms) && new Date(ms).toISOString().startsWith(value);
}
