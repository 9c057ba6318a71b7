/** The relay serves the app: its API and websocket are on the page's own origin. */
export function relayOrigin(): string {
	return location.origin;
}
