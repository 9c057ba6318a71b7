// Health and metrics endpoints for whoever runs the relay.
import type { ServerResponse } from 'node:http';
import type { Metrics } from './metrics.ts';

export function sendHealth(res: ServerResponse, stopping: boolean): void {
	const body = JSON.stringify({ status: stopping ? 'stopping' : 'ok' });
	res.writeHead(stopping ? 503 : 200, {
		'Content-Type': 'application/json; charset=utf-8',
		'Cache-Control': 'no-store'
	});
	res.end(body);
}

/**
 * Readiness for a load balancer: 503 while stopping or while a service this process needs (Redis
 * with REDIS_URL) is unreachable, so new clients go to another process. /healthz stays liveness.
 */
export function sendReady(
	res: ServerResponse,
	stopping: boolean,
	checks: Record<string, boolean>
): void {
	const ready = !stopping && Object.values(checks).every(Boolean);
	const status = stopping ? 'stopping' : ready ? 'ready' : 'not ready';
	res.writeHead(ready ? 200 : 503, {
		'Content-Type': 'application/json; charset=utf-8',
		'Cache-Control': 'no-store'
	});
	res.end(JSON.stringify({ status, checks }));
}

export function sendMetrics(res: ServerResponse, metrics: Metrics): void {
	res.writeHead(200, {
		'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
		'Cache-Control': 'no-store'
	});
	res.end(metrics.render());
}
