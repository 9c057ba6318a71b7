// What every fault scenario shares: a seeded random source, relays whose unplanned exits count
// as crashes and whose peak RSS is recorded, and the suite's counters.
import fs from 'node:fs';
import { startRelay, tempDir, type RelayProcess } from '../test-helpers.ts';

export { seededRandom } from '../../src/lib/domain/seeded-random.ts';

export type Random = () => number;

export const between = (random: Random, min: number, max: number): number =>
	min + Math.floor(random() * (max - min + 1));

export interface Counts {
	runs: number;
	acknowledged: number;
	missing: number;
	crashes: number;
	rssHighWater: number;
	/** Scenario-specific checks that failed, with what was seen. */
	failures: string[];
}

export function newCounts(): Counts {
	return { runs: 0, acknowledged: 0, missing: 0, crashes: 0, rssHighWater: 0, failures: [] };
}

/** A relay whose exits are expected only when we cause them. */
export class TrackedRelay {
	private expectExit = false;

	private constructor(
		readonly relay: RelayProcess,
		private readonly counts: Counts,
		private readonly dirs: string[]
	) {
		void relay.exited.then(({ code, signal }) => {
			if (this.expectExit) return;
			counts.crashes++;
			counts.failures.push(`relay exited by itself (code ${code}, signal ${signal})`);
		});
	}

	static async start(
		counts: Counts,
		options: { dataDir?: string; env?: Record<string, string> } = {}
	): Promise<TrackedRelay> {
		const dirs: string[] = [];
		const dataDir = options.dataDir ?? tempDir('relay-faults-');
		if (!options.dataDir) dirs.push(dataDir);
		const relay = await startRelay({
			dataDir,
			env: { CREATE_WORKSPACE_BURST: '100000', ...options.env }
		});
		return new TrackedRelay(relay, counts, dirs);
	}

	get alive(): boolean {
		return this.relay.child.exitCode === null && this.relay.child.signalCode === null;
	}

	/** The peak resident set of the relay process so far (VmHWM), recorded in the counts. */
	recordRss(): number {
		let peak = 0;
		try {
			const status = fs.readFileSync(`/proc/${this.relay.child.pid}/status`, 'utf8');
			peak = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
		} catch {
			// not Linux, or already gone
		}
		this.counts.rssHighWater = Math.max(this.counts.rssHighWater, peak);
		return peak;
	}

	async kill9(): Promise<void> {
		this.recordRss();
		this.expectExit = true;
		this.relay.child.kill('SIGKILL');
		await this.relay.exited;
	}

	async stop(removeData = true): Promise<void> {
		if (this.alive) this.recordRss();
		this.expectExit = true;
		const { code, signal } = await this.relay.stop();
		if (code !== 0 && signal !== 'SIGKILL' && signal !== 'SIGTERM') {
			this.counts.failures.push(`relay stopped with code ${code}`);
		}
		if (removeData) for (const dir of this.dirs) fs.rmSync(dir, { recursive: true, force: true });
	}
}

/** `work`, its failure told with what the relay logged other than its routine events. */
export async function withRelayLog<T>(relay: TrackedRelay, work: Promise<T>): Promise<T> {
	try {
		return await work;
	} catch (error) {
		const routine = /"event":"(listening|invite_created)"/;
		const notable = relay.relay.lines.filter((line) => !routine.test(line)).slice(-10);
		const message = error instanceof Error ? error.message : String(error);
		throw new Error(`${message}; the relay logged: ${notable.join('\n') || 'nothing notable'}`);
	}
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
