/**
 * What the owner and team filters mean in the customer reports (revenue, new customers,
 * retention, the RFM grid): **the customer's owner** — a person's owner, else their
 * organization's; an organization's own. Orders carry no seller (they are entered or imported
 * for a customer), and a won deal's customer is counted like an order's, so every figure follows
 * the account's owner, as a sales manager reads "Ada's customers"; the people list a figure opens
 * shows that owner, so the list and the figure agree.
 *
 * The page knows the owners (live people and organizations); the reports worker does not read
 * them, so the page sends the customers the filters keep (`ReportFilters.ownedCustomers`).
 */
import type { CustomerReportInput } from './customer-input';
import type { ReportFilters } from './report';
import { inTeam } from './scope';

export interface OwnedRow {
	id: string;
	ownerId: string | null;
	organizationId?: string | null;
}

/** Customer id → the member owning it (null: nobody). */
export type CustomerOwners = ReadonlyMap<string, string | null>;

export function customerOwners(
	people: readonly OwnedRow[],
	organizations: readonly OwnedRow[]
): Map<string, string | null> {
	const out = new Map<string, string | null>();
	for (const o of organizations) out.set(o.id, o.ownerId);
	const orgOwner = (id: string | null | undefined) => (id ? (out.get(id) ?? null) : null);
	for (const p of people) out.set(p.id, p.ownerId ?? orgOwner(p.organizationId));
	return out;
}

/** Whether the owner or the team filter is set. */
export function byOwner(f: ReportFilters): boolean {
	return f.ownerId !== null || !!f.teamMembers;
}

/** The customers the owner and team filters keep, or null when neither is set. */
export function ownedCustomers(owners: CustomerOwners, f: ReportFilters): Set<string> | null {
	if (!byOwner(f)) return null;
	const out = new Set<string>();
	for (const [id, owner] of owners)
		if (owner !== null && (f.ownerId === null || owner === f.ownerId) && inTeam(f, owner))
			out.add(id);
	return out;
}

/**
 * The customers a report keeps under the owner and team filters: null, every one (no such
 * filter); undefined, not known here (no owners in the input nor in the filters).
 */
export function customerScope(
	x: Pick<CustomerReportInput, 'customerOwners'>,
	f: ReportFilters
): ReadonlySet<string> | null | undefined {
	if (!byOwner(f)) return null;
	if (f.ownedCustomers) return f.ownedCustomers;
	return x.customerOwners ? ownedCustomers(x.customerOwners, f) : undefined;
}

export const OWNERS_NOT_KNOWN = 'The customers’ owners are not known here yet.';

/** Kept by both the segment and the owner/team scope (either null: no such filter). */
export function keeps(
	segment: ReadonlySet<string> | null,
	owned: ReadonlySet<string> | null,
	customerId: string | null
): boolean {
	if (segment === null && owned === null) return true;
	if (customerId === null) return false;
	return (segment === null || segment.has(customerId)) && (owned === null || owned.has(customerId));
}
