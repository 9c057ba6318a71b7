/**
 * Duplicate detection for people and organizations. Records are grouped by blocking keys
 * (a normalized email, phone, name, or a name's first letters), and only records sharing a
 * block are compared, so 100k records scan in about linear time instead of 5·10⁹ pairs.
 *
 * Limits, on purpose: a block with more than MAX_EXACT_BLOCK records (a switchboard number,
 * info@…) is not evidence and is skipped; a large fuzzy-name block is compared only between
 * neighbours in name order (sorted neighbourhood).
 */
import { fold } from './fold';
import { emailKey, phoneKey } from './contact-keys';

export { emailKey, phoneKey };
import { jaroWinkler, withinOneEdit } from './similarity';

export type DuplicateReason =
	| 'same email'
	| 'same phone'
	| 'similar name'
	| 'same website'
	| 'same time and people'
	| 'same title, same record'
	| 'same subject, same requester'
	| 'same SKU'
	| 'same order number';

export interface DuplicatePair {
	/** The record that comes first in the input. */
	a: string;
	b: string;
	reasons: DuplicateReason[];
	/** 0..1: how sure we are that a and b are one person/organization. */
	score: number;
}

type Contact = string | { value: string };

export interface PersonCandidate {
	id: string;
	firstName: string;
	lastName: string;
	emails: readonly Contact[];
	phones: readonly Contact[];
	organizationId?: string | null;
}

export interface OrganizationCandidate {
	id: string;
	name: string;
	website?: string;
	emails?: readonly Contact[];
	phones?: readonly Contact[];
}

const MAX_EXACT_BLOCK = 50;
const MAX_FUZZY_BLOCK = 24;
const NEIGHBOUR_WINDOW = 5;
/** Both first and last names must be at least this similar (Jaro-Winkler). */
const PERSON_NAME_THRESHOLD = 0.88;
const ORG_NAME_THRESHOLD = 0.93;

const WEIGHT: Record<DuplicateReason, number> = {
	'same email': 0.9,
	'same website': 0.8,
	'same phone': 0.7,
	'similar name': 0.35,
	'same time and people': 0.9,
	'same title, same record': 0.9,
	'same subject, same requester': 0.9,
	'same SKU': 0.95,
	'same order number': 0.95
};
const EXACT_NAME_WEIGHT = 0.5;
const SAME_ORGANIZATION_BONUS = 0.25;

const REASON_ORDER: DuplicateReason[] = [
	'same email',
	'same phone',
	'same website',
	'similar name',
	'same time and people'
];

function contactValue(c: Contact): string {
	return typeof c === 'string' ? c : (c?.value ?? '');
}

/** Name words: folded, punctuation dropped. */
export function nameTokens(s: string): string[] {
	return fold(s)
		.split(/[^\p{L}\p{N}]+/u)
		.filter((t) => t !== '');
}

interface Evidence {
	i: number;
	j: number;
	reasons: Set<DuplicateReason>;
	nameWeight: number;
}

/** Collects evidence per pair of record positions (i < j). */
class Pairs {
	private readonly byKey = new Map<number, Evidence>();
	constructor(private readonly n: number) {}

	add(x: number, y: number, reason: DuplicateReason, nameWeight = 0) {
		const i = Math.min(x, y);
		const j = Math.max(x, y);
		const key = i * this.n + j;
		let e = this.byKey.get(key);
		if (!e) {
			e = { i, j, reasons: new Set(), nameWeight: 0 };
			this.byKey.set(key, e);
		}
		e.reasons.add(reason);
		if (nameWeight > e.nameWeight) e.nameWeight = nameWeight;
	}

	/** Every pair of records sharing a key (blocks that are too common are skipped). */
	addExact(keysOf: (i: number) => Iterable<string>, reason: DuplicateReason, nameWeight = 0) {
		const blocks = new Map<string, number[]>();
		for (let i = 0; i < this.n; i++) {
			for (const k of keysOf(i)) {
				if (k === '') continue;
				const b = blocks.get(k);
				if (!b) blocks.set(k, [i]);
				else if (b[b.length - 1] !== i) b.push(i);
			}
		}
		for (const b of blocks.values()) {
			if (b.length < 2 || b.length > MAX_EXACT_BLOCK) continue;
			for (let x = 0; x < b.length; x++) {
				for (let y = x + 1; y < b.length; y++) this.add(b[x], b[y], reason, nameWeight);
			}
		}
	}

	/**
	 * Fuzzy comparison within blocks: `similar(x, y)` returns a name weight or 0. Large blocks
	 * compare each record with its NEIGHBOUR_WINDOW next ones in `order` (a sort key).
	 */
	addFuzzy(
		keysOf: (i: number) => string[],
		order: (i: number) => string,
		similar: (x: number, y: number) => number
	) {
		const blocks = new Map<string, number[]>();
		for (let i = 0; i < this.n; i++) {
			for (const k of keysOf(i)) {
				const b = blocks.get(k);
				if (b) b.push(i);
				else blocks.set(k, [i]);
			}
		}
		// A pair sharing several keys is compared more than once: cheaper than remembering.
		const compare = (x: number, y: number) => {
			const w = similar(x, y);
			if (w > 0) this.add(x, y, 'similar name', w);
		};
		for (const b of blocks.values()) {
			if (b.length < 2) continue;
			if (b.length <= MAX_FUZZY_BLOCK) {
				for (let x = 0; x < b.length; x++)
					for (let y = x + 1; y < b.length; y++) compare(b[x], b[y]);
				continue;
			}
			const sorted = b
				.map((i) => ({ i, k: order(i) }))
				.sort((p, q) => (p.k < q.k ? -1 : p.k > q.k ? 1 : 0));
			for (let x = 0; x < sorted.length; x++) {
				const end = Math.min(sorted.length, x + 1 + NEIGHBOUR_WINDOW);
				for (let y = x + 1; y < end; y++) compare(sorted[x].i, sorted[y].i);
			}
		}
	}

	result(ids: readonly string[], bonus: (i: number, j: number) => number): DuplicatePair[] {
		const out: DuplicatePair[] = [];
		for (const e of this.byKey.values()) {
			let keep = 1;
			for (const r of e.reasons) {
				const w = r === 'similar name' ? Math.min(0.95, e.nameWeight + bonus(e.i, e.j)) : WEIGHT[r];
				keep *= 1 - w;
			}
			out.push({
				a: ids[e.i],
				b: ids[e.j],
				reasons: REASON_ORDER.filter((r) => e.reasons.has(r)),
				score: Math.round((1 - keep) * 1000) / 1000
			});
		}
		// Best first; ties in a stable order so lists do not jump between scans.
		return out.sort((p, q) => q.score - p.score || cmp(p.a, q.a) || cmp(p.b, q.b));
	}
}

function cmp(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

function contactKeys(list: readonly Contact[] | undefined, key: (s: string) => string): string[] {
	if (!list) return [];
	const out: string[] = [];
	for (const c of list) {
		const k = key(contactValue(c));
		if (k !== '' && !out.includes(k)) out.push(k);
	}
	return out;
}

/** Likely duplicate people, best first. */
export function findDuplicates(records: readonly PersonCandidate[]): DuplicatePair[] {
	const n = records.length;
	const pairs = new Pairs(n);
	const first: string[] = new Array<string>(n);
	const last: string[] = new Array<string>(n);
	const full: string[] = new Array<string>(n);
	for (let i = 0; i < n; i++) {
		const r = records[i];
		first[i] = nameTokens(r.firstName ?? '').join(' ');
		last[i] = nameTokens(r.lastName ?? '').join(' ');
		full[i] = `${last[i]} ${first[i]}`.trim();
	}
	pairs.addExact((i) => contactKeys(records[i].emails, emailKey), 'same email');
	pairs.addExact((i) => contactKeys(records[i].phones, phoneKey), 'same phone');
	// Same words in any order ("Smith John" = "John Smith"); too short a name is no evidence.
	pairs.addExact(
		(i) => (full[i].length >= 4 ? [full[i].split(' ').sort().join(' ')] : []),
		'similar name',
		EXACT_NAME_WEIGHT
	);
	pairs.addFuzzy(
		(i) => {
			const f = first[i];
			const l = last[i];
			if (f.length < 2 || l.length < 2) return [];
			// A typo is found when either name keeps its first three letters, or is spelled
			// right while the other's first letter is wrong (Catherine/Katherine Smith).
			return [
				`l${l.slice(0, 3)}|${f[0]}`,
				`f${f.slice(0, 3)}|${l[0]}`,
				`L${l}|${f.slice(-3)}`,
				`F${f}|${l.slice(-3)}`
			];
		},
		(i) => full[i],
		(x, y) => {
			if (first[x] === first[y] && last[x] === last[y]) return EXACT_NAME_WEIGHT;
			return similarName(first[x], first[y]) && similarName(last[x], last[y])
				? WEIGHT['similar name']
				: 0;
		}
	);
	return pairs.result(
		records.map((r) => r.id),
		(i, j) => {
			const a = records[i].organizationId;
			return a && a === records[j].organizationId ? SAME_ORGANIZATION_BONUS : 0;
		}
	);
}

/**
 * Two spellings of one name: close by Jaro-Winkler, or one typo apart when long enough to
 * make that unlikely by chance (Jones/Hones, but not John/Joan).
 */
function similarName(a: string, b: string): boolean {
	if (a === b) return true;
	if (jaroWinkler(a, b) >= PERSON_NAME_THRESHOLD) return true;
	return Math.min(a.length, b.length) >= 5 && withinOneEdit(a, b);
}

// Words that say what legal form a company has, not which company it is.
const LEGAL_FORMS = new Set(
	'inc incorporated ltd limited llc llp plc co corp corporation company gmbh ag kg sarl sas sasu sa srl spa bv nv oy ab as aps the'.split(
		' '
	)
);

/** An organization name without punctuation, case, accents or legal form ("The ACME, Inc." → "acme"). */
export function organizationNameKey(name: string): string {
	// "S.A." and "L.L.C." are one word each.
	const words = nameTokens(name.replace(/\.(?=\S)/g, ''));
	const kept = words.filter((w) => !LEGAL_FORMS.has(w));
	return (kept.length ? kept : words).join(' ');
}

// Hosts shared by many organizations: their first path segment names the organization.
const SHARED_HOSTS = new Set([
	'facebook.com',
	'linkedin.com',
	'instagram.com',
	'twitter.com',
	'x.com',
	'sites.google.com',
	'github.com'
]);

/** A website's identity: host without www, plus the first path segment on shared hosts. */
export function websiteKey(url: string): string {
	const m = /^\s*(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/\s]*@)?([^/?#:\s]+)(?::\d+)?([^?#\s]*)/i.exec(
		url
	);
	if (!m) return '';
	const host = m[1]
		.toLowerCase()
		.replace(/^www\./, '')
		.replace(/\.$/, '');
	if (!host.includes('.')) return '';
	if (!SHARED_HOSTS.has(host)) return host;
	const segments = m[2]
		.toLowerCase()
		.split('/')
		.filter((x) => x !== '');
	// linkedin.com/company/acme, facebook.com/pages/acme: the kind of page, then the name.
	const take = ['company', 'in', 'pages', 'groups', 'school'].includes(segments[0]) ? 2 : 1;
	if (segments.length < take) return '';
	return `${host}/${segments.slice(0, take).join('/')}`;
}

/** Likely duplicate organizations (by name, website, email, phone), best first. */
export function findDuplicateOrganizations(
	records: readonly OrganizationCandidate[]
): DuplicatePair[] {
	const n = records.length;
	const pairs = new Pairs(n);
	const names = records.map((r) => organizationNameKey(r.name ?? ''));
	pairs.addExact((i) => (names[i].length >= 2 ? [names[i]] : []), 'similar name', 0.7);
	pairs.addExact((i) => [websiteKey(records[i].website ?? '')], 'same website');
	pairs.addExact((i) => contactKeys(records[i].emails, emailKey), 'same email');
	pairs.addExact((i) => contactKeys(records[i].phones, phoneKey), 'same phone');
	pairs.addFuzzy(
		(i) => {
			const s = names[i].replace(/ /g, '');
			return s.length < 4 ? [] : [`p${s.slice(0, 3)}`, `s${s.slice(-3)}`];
		},
		(i) => names[i],
		(x, y) =>
			jaroWinkler(names[x].replace(/ /g, ''), names[y].replace(/ /g, '')) >= ORG_NAME_THRESHOLD
				? 0.45
				: 0
	);
	return pairs.result(
		records.map((r) => r.id),
		() => 0
	);
}

/**
 * Every pair of records sharing a key, each pair once, for the types whose duplicates are exact
 * matches (a deal's organization and name, an order's number). `keyOf` null leaves a record out.
 * A block larger than `maxBlock` is no evidence (a hundred "Renewal" deals of one customer).
 */
export function pairsBySameKey<T extends { id: string }>(
	rows: readonly T[],
	keyOf: (row: T) => string | null,
	reason: DuplicateReason,
	{ score = 0.9, maxBlock = 20 }: { score?: number; maxBlock?: number } = {}
): DuplicatePair[] {
	const blocks = new Map<string, string[]>();
	for (const r of rows) {
		const key = keyOf(r);
		if (key === null) continue;
		const block = blocks.get(key);
		if (block) block.push(r.id);
		else blocks.set(key, [r.id]);
	}
	const pairs: DuplicatePair[] = [];
	for (const ids of blocks.values()) {
		if (ids.length < 2 || ids.length > maxBlock) continue;
		for (let i = 0; i < ids.length; i++)
			for (let j = i + 1; j < ids.length; j++)
				pairs.push({ a: ids[i], b: ids[j], reasons: [reason], score });
	}
	return pairs;
}
