/**
 * Notification.permission, read once per page: Chromium answers it through a synchronous call
 * into the browser (~8 ms a read on a busy machine, on every mount of the Tasks page).
 */
let known: string | null = null;

export function notificationPermission(): string {
	return (known ??= typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
}

/** What the browser answered when asked: the next read returns it. */
export function rememberPermission(permission: string): string {
	return (known = permission);
}
