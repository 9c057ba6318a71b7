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

export function sendMetrics(res: ServerResponse, metrics: Metrics): void {
	res.writeHead(200, {
		'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
		'Cache-Control': 'no-store'
	});
	res.end(metrics.render());
}
