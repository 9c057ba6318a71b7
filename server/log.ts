// One JSON object per line on stdout: easy to grep, easy to ship to any log collector.
export function log(event: string, fields: Record<string, unknown> = {}): void {
	process.stdout.write(JSON.stringify({ time: new Date().toISOString(), event, ...fields }) + '\n');
}
