/** A size in bytes as people read it: "812 bytes", "14 KB", "3.2 MB" (units of 1024). */
export function formatBytes(bytes: number): string {
	if (!Number.isFinite(bytes) || bytes < 0) return '';
	if (bytes < 1024) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
	const units = ['KB', 'MB', 'GB', 'TB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	// One decimal below 10 ("3.2 MB"), none above ("14 KB"), never a trailing ".0".
	const shown = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
	return `${shown} ${units[unit]}`;
}
