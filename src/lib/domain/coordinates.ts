/**
 * An address's place as typed into its latitude and longitude boxes: both or neither (half a
 * place is no place), each a number in range. A decimal comma and a degree sign are fine, as
 * people copy them from maps; anything else is refused with what is wrong, and nothing is saved.
 */
export type CoordinatesInput =
	| { ok: true; lat: number; lon: number }
	/** Both boxes empty: the address has no place. */
	| { ok: true; lat: undefined; lon: undefined }
	| { ok: false; field: 'lat' | 'lon'; problem: string };

const NUMBER = /^[-+−]?\d{1,3}(?:[.,]\d+)?$/;

function degrees(text: string): number | null {
	const t = text.trim().replace(/\s*°$/, '');
	if (!NUMBER.test(t)) return null;
	return Number(t.replace(',', '.').replace('−', '-'));
}

export function readCoordinates(latText: string, lonText: string): CoordinatesInput {
	const latEmpty = latText.trim() === '';
	const lonEmpty = lonText.trim() === '';
	if (latEmpty && lonEmpty) return { ok: true, lat: undefined, lon: undefined };
	const lat = degrees(latText);
	const lon = degrees(lonText);
	if (!latEmpty && (lat === null || Math.abs(lat) > 90))
		return {
			ok: false,
			field: 'lat',
			problem: `The latitude must be a number from -90 to 90 (Berlin is 52.52), not "${latText.trim()}".`
		};
	if (!lonEmpty && (lon === null || Math.abs(lon) > 180))
		return {
			ok: false,
			field: 'lon',
			problem: `The longitude must be a number from -180 to 180 (Berlin is 13.405), not "${lonText.trim()}".`
		};
	if (latEmpty)
		return { ok: false, field: 'lat', problem: 'Enter the latitude too: a place needs both.' };
	if (lonEmpty)
		return { ok: false, field: 'lon', problem: 'Enter the longitude too: a place needs both.' };
	return { ok: true, lat: lat!, lon: lon! };
}

/** How a stored coordinate shows in its box. */
export function coordinateText(v: number | undefined): string {
	return v === undefined ? '' : String(v);
}
