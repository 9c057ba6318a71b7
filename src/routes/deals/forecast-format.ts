/** How the forecast and goal screens write money, shares and progress. */
import type { GoalMetric } from '$lib/domain/record-types/goal';
import type { GoalProgress } from '$lib/domain/goals/progress';

const formats = new Map<string, Intl.NumberFormat>();

/** '€12,000' in the workspace currency, whole units. */
export function money(amount: number, currency: string): string {
	let f = formats.get(currency);
	if (!f) {
		try {
			f = new Intl.NumberFormat('en', { style: 'currency', currency, maximumFractionDigits: 0 });
		} catch {
			f = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
		}
		formats.set(currency, f);
	}
	return f.format(amount);
}

/** A goal's value: money for won amount, a whole number for the counts. */
export function metricValue(metric: GoalMetric, value: number, currency: string): string {
	return metric === 'won amount' ? money(value, currency) : Math.round(value).toLocaleString('en');
}

/** '€12,000 of €20,000, 60 % — behind'. */
export function progressText(metric: GoalMetric, p: GoalProgress, currency: string): string {
	const state =
		p.share >= 1 ? 'reached' : p.behind ? 'behind' : p.elapsed > 0 ? 'on track' : 'not started';
	return `${metricValue(metric, p.actual, currency)} of ${metricValue(metric, p.target, currency)}, ${Math.round(p.share * 100)} % — ${state}`;
}
