// The relay's fault suite: `npm run test:faults` (FAULT_SEED=<n> to replay another seed).
// Seeded and repeatable: kill -9 at random points (also with many documents over one socket),
// slow readers, floods and garbage, hostile request targets, parallel writers of the auth store.
// Prints its counts and exits non-zero if anything acknowledged went missing, the relay crashed,
// or a check failed.
import { authWriters } from './auth-writers.ts';
import { floods } from './floods.ts';
import { newCounts, seededRandom, type Counts } from './harness.ts';
import { hostileTargets } from './hostile.ts';
import { killNine } from './kill9.ts';
import { killNineDocs } from './kill9-docs.ts';
import { slowReaders } from './slow-readers.ts';

const seed = Number(process.env.FAULT_SEED ?? 1);
const started = performance.now();
const rows: Array<[string, Counts, string]> = [];

async function scenario(name: string, body: (counts: Counts) => Promise<string | void>) {
	const counts = newCounts();
	const t0 = performance.now();
	let extra = '';
	try {
		extra = (await body(counts)) ?? '';
	} catch (error) {
		counts.failures.push(`${name} threw: ${error instanceof Error ? error.stack : String(error)}`);
	}
	const seconds = ((performance.now() - t0) / 1000).toFixed(1);
	// The suite's own live heap (collected first, with --expose-gc as `npm run test:faults`
	// runs it): clients it keeps alive slow every later scenario's waits.
	(globalThis as { gc?: () => void }).gc?.();
	const heap = `runner heap ${mb(process.memoryUsage().heapUsed)}`;
	const tail = `${seconds} s${extra ? ', ' + extra : ''}, ${heap}`;
	rows.push([name, counts, tail]);
	console.log(format(name, counts, tail));
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const format = (name: string, c: Counts, extra: string) =>
	`${name.padEnd(16)} runs ${c.runs}, updates acknowledged ${c.acknowledged}, missing ${c.missing}, ` +
	`crashes ${c.crashes}, RSS high-water ${mb(c.rssHighWater)} (${extra})`;

console.log(`relay fault suite, seed ${seed}`);
// The kill scenarios wait mostly on relay processes starting: two lanes of `kill -9` beside
// `kill -9 docs` use both cores (each lane its own seeded stream, so a seed replays the same).
// The timing-bound ones after them (slow readers, floods) run alone.
await Promise.all([
	scenario('kill -9', (c) =>
		Promise.all([
			killNine(seededRandom(seed), c, 12),
			killNine(seededRandom(seed + 10), c, 12, 'b')
		]).then(() => undefined)
	),
	scenario('kill -9 docs', (c) => killNineDocs(seededRandom(seed + 5), c, 6))
]);
await scenario('slow readers', (c) => slowReaders(seededRandom(seed + 1), c, 2));
await scenario('floods', (c) => floods(seededRandom(seed + 2), c, 3));
await scenario('hostile targets', (c) =>
	hostileTargets(seed + 3, c, 600).then(() => '600 requests')
);
await scenario(
	'auth writers',
	async (c) => `${await authWriters(seededRandom(seed + 4), c, 3)} auth writes`
);

const total = newCounts();
for (const [, c] of rows) {
	total.runs += c.runs;
	total.acknowledged += c.acknowledged;
	total.missing += c.missing;
	total.crashes += c.crashes;
	total.rssHighWater = Math.max(total.rssHighWater, c.rssHighWater);
	total.failures.push(...c.failures);
}
console.log(format('total', total, `${((performance.now() - started) / 1000).toFixed(1)} s`));
for (const failure of total.failures) console.log(`FAILED: ${failure}`);
process.exit(total.failures.length > 0 || total.missing > 0 || total.crashes > 0 ? 1 : 0);
