// Hostile targets, headers and bodies from a seeded generator against a running relay: it must
// answer every one and still be healthy afterwards.
import fc from 'fast-check';
import {
	KNOWN_BAD_TARGETS,
	rawRequest,
	renderRequest,
	requestArb,
	upgradeRequest
} from './hostile-requests.ts';
import { TrackedRelay, type Counts } from './harness.ts';

export async function hostileTargets(
	seed: number,
	counts: Counts,
	requests: number
): Promise<void> {
	const relay = await TrackedRelay.start(counts);
	for (const target of KNOWN_BAD_TARGETS) {
		await rawRequest(relay.relay.port, upgradeRequest(target));
	}
	const sample = fc.sample(requestArb, { seed, numRuns: requests });
	for (let i = 0; i < sample.length; i += 20) {
		await Promise.all(
			sample.slice(i, i + 20).map((r) => rawRequest(relay.relay.port, renderRequest(r), 500))
		);
	}
	counts.runs++;
	if (!relay.alive) return;
	const health = await fetch(`${relay.relay.http}/healthz`);
	if (health.status !== 200) counts.failures.push(`hostile: /healthz answered ${health.status}`);
	const failed = relay.relay.lines.filter((l) => l.includes('"handler_failed"'));
	if (failed.length > 0) counts.failures.push(`hostile: ${failed.length} handler failures logged`);
	await relay.stop();
}
