// Entry point: `node --import tsx server/main.ts`. Configuration from the environment
// (config.ts), wiring in relay.ts.
import { loadConfig } from './config.ts';
import { log } from './log.ts';
import { createRelay } from './relay.ts';

const config = loadConfig();
const relay = createRelay(config);
const port = await relay.listen();
const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
log('listening', { url: `http://${host}:${port}`, port, dataDir: config.dataDir });

let stopping = false;
async function shutdown(signal: string): Promise<void> {
	if (stopping) return;
	stopping = true;
	log('stopping', { signal });
	// A stuck disk must not keep the process from exiting forever.
	setTimeout(() => {
		log('shutdown_timeout');
		process.exit(1);
	}, 10_000).unref();
	await relay.shutdown();
	log('stopped');
	process.exit(0);
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	process.on(signal, () => void shutdown(signal));
}
