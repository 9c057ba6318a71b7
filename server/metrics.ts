// Prometheus text exposition of the relay's counters; no client library needed for this little.

/** Why the relay refused a connection or a message; each value is a `reason` label. */
export type RefusalReason =
	| 'missing_token'
	| 'invalid_token'
	| 'revoked_token'
	| 'unknown_workspace'
	| 'malformed_message'
	| 'message_too_large'
	| 'rate_limited'
	| 'too_many_connections'
	| 'too_many_documents'
	| 'bad_document_name'
	| 'viewer_write'
	| 'slow_reader'
	| 'presence_forgery'
	| 'shutting_down';

export interface FanoutCounts {
	published: number;
	received: number;
	/** Not published: Redis was unreachable (the catch-up after it is back recovers them). */
	dropped: number;
	connected: boolean;
}

// Upper bounds in seconds for the append → durable latency histogram.
const LATENCY_BUCKETS = [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

export class Metrics {
	connections = 0;
	workspacesLoaded = 0;
	documentsLoaded = 0;
	messagesIn = 0;
	messagesOut = 0;
	bytesIn = 0;
	bytesOut = 0;
	persistenceErrors = 0;
	readonly refusals = new Map<RefusalReason, number>();
	private readonly latencyCounts = LATENCY_BUCKETS.map(() => 0);
	private latencySum = 0;
	private latencyCount = 0;
	/** Calendar feed requests by HTTP status, and the time they took. */
	readonly calendarRequests = new Map<number, number>();
	private calendarSeconds = 0;
	/** Campaign messages by outcome (sent, failed, unknown, retried), and unsubscribes. */
	readonly campaignMessages = new Map<string, number>();
	campaignUnsubscribes = 0;
	/** Fan-out to other relay processes through Redis (redis-fanout.ts); null without REDIS_URL. */
	fanout: FanoutCounts | null = null;
	/** When the last messages were sent, for the send rate over the last 10 s. */
	private readonly recentSends: number[] = [];

	refuse(reason: RefusalReason): void {
		this.refusals.set(reason, (this.refusals.get(reason) ?? 0) + 1);
	}

	observePersistence(seconds: number): void {
		this.latencySum += seconds;
		this.latencyCount++;
		for (let i = 0; i < LATENCY_BUCKETS.length; i++) {
			if (seconds <= LATENCY_BUCKETS[i]) this.latencyCounts[i]++;
		}
	}

	observeCalendar(status: number, seconds: number): void {
		this.calendarRequests.set(status, (this.calendarRequests.get(status) ?? 0) + 1);
		this.calendarSeconds += seconds;
	}

	countCampaign(outcome: 'sent' | 'failed' | 'unknown' | 'retried'): void {
		this.campaignMessages.set(outcome, (this.campaignMessages.get(outcome) ?? 0) + 1);
		if (outcome !== 'sent') return;
		const now = performance.now();
		this.recentSends.push(now);
		while (this.recentSends.length > 0 && this.recentSends[0] < now - 10_000)
			this.recentSends.shift();
	}

	/** Messages sent per second over the last 10 seconds. */
	campaignSendRate(): number {
		const since = performance.now() - 10_000;
		return this.recentSends.filter((at) => at >= since).length / 10;
	}

	render(): string {
		const lines: string[] = [];
		const metric = (name: string, type: string, help: string, samples: string[]) => {
			lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples);
		};
		metric('relay_connections', 'gauge', 'Open websocket connections.', [
			`relay_connections ${this.connections}`
		]);
		metric('relay_workspaces_loaded', 'gauge', 'Workspaces with a document in memory.', [
			`relay_workspaces_loaded ${this.workspacesLoaded}`
		]);
		metric('relay_documents_loaded', 'gauge', 'Documents held in memory, of all workspaces.', [
			`relay_documents_loaded ${this.documentsLoaded}`
		]);
		metric('relay_messages_in_total', 'counter', 'Websocket messages received.', [
			`relay_messages_in_total ${this.messagesIn}`
		]);
		metric('relay_messages_out_total', 'counter', 'Websocket messages sent.', [
			`relay_messages_out_total ${this.messagesOut}`
		]);
		metric('relay_bytes_in_total', 'counter', 'Websocket payload bytes received.', [
			`relay_bytes_in_total ${this.bytesIn}`
		]);
		metric('relay_bytes_out_total', 'counter', 'Websocket payload bytes sent.', [
			`relay_bytes_out_total ${this.bytesOut}`
		]);
		metric(
			'relay_refusals_total',
			'counter',
			'Connections or messages refused, by reason.',
			[...this.refusals].map(([reason, n]) => `relay_refusals_total{reason="${reason}"} ${n}`)
		);
		metric('relay_persistence_errors_total', 'counter', 'Failed durable writes.', [
			`relay_persistence_errors_total ${this.persistenceErrors}`
		]);
		metric(
			'relay_persistence_latency_seconds',
			'histogram',
			'Time from receiving an update to its fsync.',
			[
				...LATENCY_BUCKETS.map(
					(le, i) => `relay_persistence_latency_seconds_bucket{le="${le}"} ${this.latencyCounts[i]}`
				),
				`relay_persistence_latency_seconds_bucket{le="+Inf"} ${this.latencyCount}`,
				`relay_persistence_latency_seconds_sum ${this.latencySum}`,
				`relay_persistence_latency_seconds_count ${this.latencyCount}`
			]
		);
		metric(
			'relay_calendar_requests_total',
			'counter',
			'Calendar feed requests, by HTTP status.',
			[...this.calendarRequests].map(
				([status, n]) => `relay_calendar_requests_total{status="${status}"} ${n}`
			)
		);
		metric('relay_calendar_seconds_total', 'counter', 'Time spent answering calendar feeds.', [
			`relay_calendar_seconds_total ${this.calendarSeconds}`
		]);
		metric(
			'relay_campaign_messages_total',
			'counter',
			'Campaign messages by outcome: sent, failed, unknown (maybe sent, never again), retried.',
			[...this.campaignMessages].map(
				([outcome, n]) => `relay_campaign_messages_total{outcome="${outcome}"} ${n}`
			)
		);
		metric('relay_campaign_send_rate', 'gauge', 'Campaign messages sent per second, last 10 s.', [
			`relay_campaign_send_rate ${this.campaignSendRate()}`
		]);
		metric('relay_campaign_unsubscribes_total', 'counter', 'Unsubscribes recorded.', [
			`relay_campaign_unsubscribes_total ${this.campaignUnsubscribes}`
		]);
		if (this.fanout) this.renderFanout(metric, this.fanout);
		const memory = process.memoryUsage();
		metric('process_resident_memory_bytes', 'gauge', 'Resident set size.', [
			`process_resident_memory_bytes ${memory.rss}`
		]);
		metric('nodejs_heap_used_bytes', 'gauge', 'V8 heap in use.', [
			`nodejs_heap_used_bytes ${memory.heapUsed}`
		]);
		return lines.join('\n') + '\n';
	}

	private renderFanout(
		metric: (name: string, type: string, help: string, samples: string[]) => void,
		f: FanoutCounts
	): void {
		metric('relay_fanout_redis_up', 'gauge', 'Whether Redis is reachable both ways.', [
			`relay_fanout_redis_up ${f.connected ? 1 : 0}`
		]);
		metric(
			'relay_fanout_messages_total',
			'counter',
			'Fan-out messages (updates, presence, state vectors) by direction; dropped: Redis was down.',
			[
				`relay_fanout_messages_total{direction="published"} ${f.published}`,
				`relay_fanout_messages_total{direction="received"} ${f.received}`,
				`relay_fanout_messages_total{direction="dropped"} ${f.dropped}`
			]
		);
	}
}
