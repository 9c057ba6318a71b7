/**
 * Effort per customer: the interactions logged with them and the minutes they took, from every
 * interaction of the workspace (a person's for the person, an organization's for the
 * organization). Interactions still to come (a planned meeting) are not effort yet.
 */
import { customersOf, type InteractionFact } from './facts';

export interface EffortProfile {
	interactions: number;
	minutes: number;
	/** ms, oldest first */
	interactionTimes: readonly number[];
}

export function buildEffort(
	facts: Iterable<InteractionFact>,
	now: number
): Map<string, EffortProfile> {
	const out = new Map<
		string,
		{ interactions: number; minutes: number; interactionTimes: number[] }
	>();
	for (const fact of facts) {
		if (fact.at > now) continue;
		for (const customer of customersOf(fact)) {
			let e = out.get(customer);
			if (!e) out.set(customer, (e = { interactions: 0, minutes: 0, interactionTimes: [] }));
			e.interactions++;
			e.minutes += fact.minutes;
			e.interactionTimes.push(fact.at);
		}
	}
	for (const e of out.values()) e.interactionTimes.sort((a, b) => a - b);
	return out;
}
