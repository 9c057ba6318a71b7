/** "12.3 MB", "2.1 GB": decimal units, as browsers and operating systems report storage. */
const UNITS = ['bytes', 'kB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number): string {
	if (!Number.isFinite(bytes) || bytes <= 0) return '0 bytes';
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < UNITS.length - 1) {
		value /= 1000;
		unit++;
	}
	if (unit === 0) return `${Math.round(value)} ${value === 1 ? 'byte' : 'bytes'}`;
	return `${value < 100 ? value.toFixed(1) : Math.round(value)} ${UNITS[unit]}`;
}
