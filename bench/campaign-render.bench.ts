/**
 * A campaign to 10,000 recipients (budget, issue #16: rendering and preview ≤ 1 s): what the
 * campaign page does before its first preview shows — the template checked once (liquidjs parse
 * of subject and body, every merge field against the known ones), the segment's members split
 * into recipients and the left out (consent, address, unsubscribed), and the first recipient's
 * message rendered from their values (person fields, purchases, a custom field) as text and
 * HTML — then each Next (one recipient rendered), and what Send renders (every message). The
 * members are generated (seeded) plain values, as the page reads them from person rows; the
 * segment's membership itself is measured by segment.bench.ts. The reference, in the same run,
 * is naive string replacement of the same fields over every recipient (no escaping, no checks):
 * on a loaded machine the ratio says more than the milliseconds.
 */
import {
	mergeFields,
	mergeValues,
	type MergePerson
} from '../src/lib/domain/campaigns/merge-fields';
import { audienceOf, type Reachable } from '../src/lib/domain/campaigns/recipients';
import { checkTemplate } from '../src/lib/domain/campaigns/template';
import type { CustomFieldDef } from '../src/lib/domain/records';
import { Slices } from '../src/lib/data/slices';
import { Random } from './prng';
import { summarize, type BenchOptions, type BenchResult } from './result';

const MEMBERS = 10_000;
const BUDGET_MS = 1_000;

const SUBJECT = 'Our new vegetarian menu, {{ firstName | "friend" }}';
const BODY = `Dear {{ firstName | "friend" }} {{ lastName }},

we know you love {{ favouriteCategory | default: "good food" }}: since your last visit on
{{ lastOrderDate | "your last visit" }}, our kitchen in {{ city }} has cooked up a whole new
vegetarian menu. Your favourite dish, {{ favouriteDish | "our risotto" }}, is on it.

{% if organization != "" %}Bring your colleagues from {{ organization }}!{% endif %}

See you soon,
Trattoria Verde`;

const DISH: CustomFieldDef = {
	id: 'cf-dish',
	entity: 'person',
	label: 'Favourite dish',
	type: 'text',
	options: [],
	order: 0
};

interface Member extends Reachable, MergePerson {}

function members(seed: number): Member[] {
	const r = new Random(seed);
	const first = ['Ada', 'Ben', 'Chloé', 'Dmitri', 'Eve', 'Fatima', 'Günther', 'Hana', ''];
	const last = ['Lovelace', 'Okafor', "O'Brien", 'Müller', 'Nakamura', '<Script>', 'Smith & Co'];
	const cities = ['Berlin', 'Lyon', 'Kraków', 'Porto', ''];
	return Array.from({ length: MEMBERS }, (_, i) => ({
		id: `p${i}`,
		consent: r.chance(0.9) ? 'granted' : r.pick(['unknown', 'refused'] as const),
		email: r.chance(0.95) ? `person${i}@example.com` : '',
		hasPostalAddress: r.chance(0.8),
		firstName: r.pick(first),
		lastName: r.pick(last),
		organizationName: r.chance(0.3) ? 'Acme "Foods"' : '',
		city: r.pick(cities),
		interests: r.chance(0.5) ? ['vegetarian', 'wine'] : [],
		custom: r.chance(0.4) ? { [DISH.id]: 'Mushroom risotto' } : {}
	}));
}

const purchases = (i: number) =>
	i % 3 === 0
		? undefined
		: { categoryShares: [['vegetarian', 0.7] as const], lastOrderAt: Date.UTC(2026, 9, i % 28) };

function sample(runs: number, fn: () => void): number[] {
	const out: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		fn();
		out.push(performance.now() - t);
	}
	return out;
}

export async function run({ quick }: BenchOptions): Promise<BenchResult[]> {
	const list = members(16);
	const unsubscribed = new Set(list.filter((_, i) => i % 97 === 0).map((m) => m.id));
	const fields = mergeFields([DISH]);
	const keys = fields.map((f) => f.key);
	const runs = quick ? 5 : 20;
	const index = new Map(list.map((m, i) => [m.id, i]));
	const valuesOf = (m: Member) => mergeValues(m, purchases(index.get(m.id)!), fields);

	// Warm the engine's code once, as a page that has rendered anything has.
	checkTemplate(SUBJECT, BODY, keys).render(valuesOf(list[0]));

	let reached = 0;
	const firstPreview = sample(runs, () => {
		const checked = checkTemplate(SUBJECT, BODY, keys);
		if (checked.problems.length) throw new Error(JSON.stringify(checked.problems));
		const audience = audienceOf(list, 'email', unsubscribed);
		reached = audience.recipients.length;
		const shown = checked.render(valuesOf(audience.recipients[0]));
		if (!shown.html.includes('<p>')) throw new Error('no HTML');
	});

	const checked = checkTemplate(SUBJECT, BODY, keys);
	const recipients = audienceOf(list, 'email', unsubscribed).recipients;
	let i = 0;
	const next = sample(quick ? 200 : 1000, () => {
		checked.render(valuesOf(recipients[++i % recipients.length]));
	});

	let escaped = 0;
	const sendAll = sample(quick ? 2 : 5, () => {
		escaped = 0;
		for (const r of recipients) {
			const m = checked.render(valuesOf(r));
			if (m.html.includes('&lt;Script&gt;')) escaped++;
		}
	});
	if (escaped === 0) throw new Error('no value was escaped');

	// Send as the page does it (session/campaigns.svelte.ts sendCampaign): the same rendering in
	// ~12 ms slices with a yield between them; the longest slice is the longest task Send holds
	// the page for, against the one task it was (sendAll).
	const longest: number[] = [];
	const sliced: number[] = [];
	for (let run = 0; run < (quick ? 2 : 5); run++) {
		const slices = new Slices(() => new Promise<void>((r) => setImmediate(r)), 12);
		const start = performance.now();
		let sliceStart = start;
		let max = 0;
		for (const r of recipients) {
			checked.render(valuesOf(r));
			if (slices.due()) {
				max = Math.max(max, performance.now() - sliceStart);
				await slices.pause();
				sliceStart = performance.now();
			}
		}
		longest.push(Math.max(max, performance.now() - sliceStart));
		sliced.push(performance.now() - start);
	}

	// The reference: plain replacement of the same fields, no escaping, no fallbacks, no checks.
	const naive = sample(quick ? 2 : 5, () => {
		for (const r of recipients) {
			const v = valuesOf(r);
			BODY.replace(/\{\{\s*(\w+)[^}]*\}\}/g, (_, k: string) => v[k] ?? '');
			SUBJECT.replace(/\{\{\s*(\w+)[^}]*\}\}/g, (_, k: string) => v[k] ?? '');
		}
	});

	const what = `${MEMBERS.toLocaleString('en-US')} members, ${reached.toLocaleString('en-US')} reached`;
	return [
		summarize(
			'campaign.10k.first-preview',
			'ms',
			'lower',
			firstPreview,
			BUDGET_MS,
			undefined,
			`Template checked, ${what} and the left out listed, first message rendered (text + HTML).`
		),
		summarize(
			'campaign.10k.next-recipient',
			'ms',
			'lower',
			next,
			16,
			undefined,
			'One Next in the preview: that recipient’s values and message.'
		),
		summarize(
			'campaign.10k.send-render',
			'ms',
			'lower',
			sendAll,
			null,
			naive,
			`Every message rendered at Send (${recipients.length.toLocaleString('en-US')}); reference: naive string replacement.`
		),
		summarize(
			'campaign.10k.send-longest-task',
			'ms',
			'lower',
			longest,
			50,
			sendAll,
			'Send in 12 ms slices: the longest slice; reference: every message in one task (before).'
		),
		summarize(
			'campaign.10k.send-sliced-total',
			'ms',
			'lower',
			sliced,
			null,
			sendAll,
			'Send in 12 ms slices, start to end with the yields; reference: one task.'
		)
	];
}
