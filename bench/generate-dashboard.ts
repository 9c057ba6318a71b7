/**
 * The dashboard bench's workspace (issue #17: "100k people, 1M interactions, 20k deals and 1M
 * order lines"): generate.ts's people, organizations and interactions (four years, the last
 * months hot), generate-deals.ts's 20,000 deals (2,000 open, 18,000 closed over two years) and
 * rates, and generate-orders.ts's order lines over 24 months — every document as a device
 * stores it, one update each.
 */
import { encodeDocs } from '../src/lib/data/docs-testing';
import { layoutOf } from '../src/lib/data/layout';
import { generateWorkspace } from './generate';
import { writeDeals, writeRates } from './generate-deals';
import { writeOrders } from './generate-orders';
import { addTaskMembers, EXTRA_MEMBER_NAMES } from './generate-tasks';
import { Random } from './prng';

const DAY = 86_400_000;

export interface DashboardSize {
	people: number;
	organizations: number;
	interactions: number;
	openDeals: number;
	closedDeals: number;
	orderLines: number;
}

export const DASHBOARD_SIZES = {
	/** The issue's. */
	issue: {
		people: 100_000,
		organizations: 20_000,
		interactions: 1_000_000,
		openDeals: 2_000,
		closedDeals: 18_000,
		orderLines: 1_000_000
	},
	/** A tenth, for a quick run. */
	tenth: {
		people: 10_000,
		organizations: 2_000,
		interactions: 100_000,
		openDeals: 2_000,
		closedDeals: 18_000,
		orderLines: 100_000
	}
} as const satisfies Record<string, DashboardSize>;

export interface DashboardWorkspace {
	updates: Map<string, Uint8Array>;
	memberIds: string[];
	memberNames: string[];
	/** Records the device's profile counts (people, organizations, deals). */
	records: number;
	orders: number;
	orderLines: number;
}

export function generateDashboardWorkspace(
	size: DashboardSize,
	seed: number,
	now: number
): DashboardWorkspace {
	const generated = generateWorkspace({
		people: size.people,
		organizations: size.organizations,
		deals: 0,
		interactions: size.interactions,
		seed,
		now
	});
	const layout = layoutOf(generated.docs);
	const rng = new Random(seed + 29);
	const extra = addTaskMembers(layout, rng);
	writeRates(layout, rng, now - 2 * 365 * DAY - 130 * DAY, now);
	const people = new Map(generated.json.people.map((p) => [String(p.id), p]));
	const memberIds = [...generated.memberIds, ...extra];
	writeDeals(generated.docs, layout, rng, {
		open: size.openDeals,
		closed: size.closedDeals,
		now,
		memberIds,
		personIds: generated.personIds,
		orgOfPerson: generated.personIds.map(
			(id) => (people.get(id)!.organizationId as string | null) ?? null
		)
	});
	const orders = writeOrders(generated.docs, layout, rng, {
		lines: size.orderLines,
		months: 24,
		now,
		personIds: generated.personIds,
		memberId: memberIds[0]
	});
	const updates = encodeDocs(generated.docs);
	for (const [name, update] of generated.closedMonths) updates.set(name, update);
	for (const [name, update] of orders.closedMonths) updates.set(name, update);
	generated.docs.destroy();
	return {
		updates,
		memberIds,
		memberNames: [...generated.json.members.map((m) => m.name), ...EXTRA_MEMBER_NAMES],
		records: size.people + size.organizations + size.openDeals + size.closedDeals,
		orders: orders.orders,
		orderLines: orders.lines
	};
}
