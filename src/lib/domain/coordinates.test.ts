import { describe, expect, it } from 'vitest';
import { readCoordinates } from './coordinates';

describe('readCoordinates', () => {
	it('reads a place as maps write it', () => {
		expect(readCoordinates('52.52', '13.405')).toEqual({ ok: true, lat: 52.52, lon: 13.405 });
		expect(readCoordinates(' 52,52 ', '13,405°')).toEqual({ ok: true, lat: 52.52, lon: 13.405 });
		expect(readCoordinates('-33.87', '151.21')).toEqual({ ok: true, lat: -33.87, lon: 151.21 });
		expect(readCoordinates('−22.9', '-43.2')).toEqual({ ok: true, lat: -22.9, lon: -43.2 });
		expect(readCoordinates('90', '-180')).toEqual({ ok: true, lat: 90, lon: -180 });
	});

	it('takes two empty boxes as no place', () => {
		expect(readCoordinates('', '  ')).toEqual({ ok: true, lat: undefined, lon: undefined });
	});

	it('names what is wrong, and in which box', () => {
		expect(readCoordinates('95', '13.4')).toMatchObject({ ok: false, field: 'lat' });
		expect(readCoordinates('52.5', '181')).toMatchObject({ ok: false, field: 'lon' });
		expect(readCoordinates('north', '13.4')).toMatchObject({
			ok: false,
			field: 'lat',
			problem: expect.stringContaining('"north"')
		});
		expect(readCoordinates('52.5', '')).toMatchObject({
			ok: false,
			field: 'lon',
			problem: 'Enter the longitude too: a place needs both.'
		});
		expect(readCoordinates('', '13.4')).toMatchObject({ ok: false, field: 'lat' });
		for (const bad of ['1e2', '52.5.1', '0x10', '52 30', 'NaN', 'Infinity', '1,2,3'])
			expect(readCoordinates(bad, '13.4').ok).toBe(false);
	});
});
