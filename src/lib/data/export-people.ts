/**
 * People to files: the people list (or any filtered view of it) as CSV — for a spreadsheet
 * (formula-safe) or for another contacts app (values as they are) — and as vCard 4.0. The CSV's column names are the ones the importer recognises, so
 * an export imports back as it was. Returns the file; the page downloads it (download.ts).
 */
import { toCsv, type CsvCell, type CsvFlavour } from '$lib/domain/export/csv';
import { toVCard, type VCardPerson } from '$lib/domain/export/vcard';
import { formatCustomValue } from '$lib/domain/custom-fields';
import type { Person } from '$lib/domain/records';
import { NOTES_KEY, readField } from './layout';
import { recordTextValue } from './record-texts';
import type { Workspace } from './workspace.svelte';

export interface ExportFile {
	fileName: string;
	mime: string;
	text: string;
}

/** YYYY-MM-DD in the device's time zone: the day the person sees on their calendar. */
export function fileDate(now: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

interface FullPerson {
	record: Person;
	organizationName: string;
	notes: string;
}

/** Why an export is refused before the device's copy of the workspace has loaded. */
export const EXPORT_WHILE_LOADING =
	'This device is still loading the workspace, so the file would miss people. Export again in a moment.';

/**
 * The complete records behind list rows (a row shows only the first e-mail and phone). Not
 * before the workspace has loaded: the rows shown then come from the row cache while the
 * records are still being read, and a row without its record would be left out of the file
 * without a word (a warm open's export was a CSV of headers only).
 */
function fullPeople(ws: Workspace, rows: readonly { id: string }[]): FullPerson[] {
	if (!ws.loaded) throw new Error(EXPORT_WHILE_LOADING);
	const out: FullPerson[] = [];
	for (const { id } of rows) {
		const view = ws.people.get(id);
		if (!view || view.deleted) continue;
		const orgId = view.record.organizationId;
		const orgMap = orgId ? ws.layout.organizations.get(orgId) : undefined;
		const orgName = orgMap ? readField(orgMap, 'name') : '';
		const map = ws.layout.people.get(id);
		out.push({
			record: view.record,
			organizationName: typeof orgName === 'string' ? orgName : '',
			notes: map
				? recordTextValue(map, NOTES_KEY, { doc: ws.layout.people.shardOf(id)?.doc, id })
				: ''
		});
	}
	return out;
}

const iso = (ms: number) => (ms > 0 ? new Date(ms).toISOString() : '');

export function exportPeopleCsv(
	ws: Workspace,
	rows: readonly { id: string }[],
	now: Date = new Date(),
	flavour: CsvFlavour = 'spreadsheet'
): ExportFile {
	const people = fullPeople(ws, rows);
	const defs = ws.customFields.forEntity('person');
	const max = (f: (p: Person) => unknown[]) =>
		people.reduce((m, p) => Math.max(m, f(p.record).length), 0);
	const emails = Math.max(
		1,
		max((p) => p.emails)
	);
	const phones = Math.max(
		1,
		max((p) => p.phones)
	);
	const addresses = Math.max(
		1,
		max((p) => p.addresses)
	);

	const headers = [
		'First Name',
		'Last Name',
		'Job Title',
		'Organization',
		'Relationship',
		'Decision Role',
		'Owner'
	];
	for (let i = 1; i <= emails; i++) headers.push(`E-mail ${i} - Label`, `E-mail ${i} - Value`);
	for (let i = 1; i <= phones; i++) headers.push(`Phone ${i} - Label`, `Phone ${i} - Value`);
	for (let i = 1; i <= addresses; i++) {
		for (const part of ['Label', 'Street', 'City', 'Region', 'Postal Code', 'Country']) {
			headers.push(`Address ${i} - ${part}`);
		}
	}
	headers.push('Tags', 'Interests', 'Marketing Consent', 'Source', 'Potential Value');
	for (const d of defs) headers.push(d.label);
	headers.push('Notes', 'Created', 'Updated');

	const data = people.map(({ record: p, organizationName, notes }) => {
		const row: CsvCell[] = [
			p.firstName,
			p.lastName,
			p.title,
			organizationName,
			p.kind,
			p.decisionRole === 'none' ? '' : p.decisionRole,
			ws.members.nameOf(p.ownerId)
		];
		for (let i = 0; i < emails; i++) row.push(p.emails[i]?.label ?? '', p.emails[i]?.value ?? '');
		for (let i = 0; i < phones; i++) row.push(p.phones[i]?.label ?? '', p.phones[i]?.value ?? '');
		for (let i = 0; i < addresses; i++) {
			const a = p.addresses[i];
			row.push(a?.label ?? '', a?.street ?? '', a?.city ?? '', a?.region ?? '');
			row.push(a?.postcode ?? '', a?.country ?? '');
		}
		row.push(p.tags.join(', '), p.interests.join(', '), p.consent, p.source, p.potentialValue);
		for (const d of defs) {
			const v = p.custom[d.id];
			row.push(v === undefined || v === null ? '' : formatCustomValue(d, v));
		}
		row.push(notes, iso(p.createdAt), iso(p.updatedAt));
		return row;
	});
	return {
		fileName: `crm-people-${fileDate(now)}${flavour === 'contacts' ? '-for-contacts' : ''}.csv`,
		mime: 'text/csv;charset=utf-8',
		text: toCsv(headers, data, flavour)
	};
}

export function exportPeopleVCard(
	ws: Workspace,
	rows: readonly { id: string }[],
	now: Date = new Date()
): ExportFile {
	const cards: VCardPerson[] = fullPeople(ws, rows).map(({ record, organizationName, notes }) => ({
		...record,
		organizationName,
		notes
	}));
	return {
		fileName: `crm-people-${fileDate(now)}.vcf`,
		mime: 'text/vcard;charset=utf-8',
		text: toVCard(cards)
	};
}
