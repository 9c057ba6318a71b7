/**
 * Test servers (Redis, PostgreSQL, SMTP) listen on fixed loopback ports, each test file its own.
 * Linux hands ports 32768–60999 to outgoing connections and port-0 listeners (the relays the
 * tests start, every client socket), so a fixed port there is now and then already taken: a CI
 * run failed with "redis-server on 56380 exited at start". Fixed ports stay below that range.
 */
const EPHEMERAL_FROM = 32_768;
const EPHEMERAL_TO = 60_999;

export function fixedTestPort(port: number): number {
	if (port >= EPHEMERAL_FROM && port <= EPHEMERAL_TO) {
		throw new Error(
			`port ${port} is in the range the system hands out to other sockets ` +
				`(${EPHEMERAL_FROM}–${EPHEMERAL_TO}): pick a fixed test port below ${EPHEMERAL_FROM}`
		);
	}
	return port;
}
