import { afterEach, describe, expect, it, vi } from 'vitest';
import { isTimeZone, localTimeZone } from './time-zones';

describe('time zones', () => {
	afterEach(() => vi.restoreAllMocks());

	it('knows IANA names and refuses others', () => {
		expect(isTimeZone('Europe/Berlin')).toBe(true);
		expect(isTimeZone('Mars/Olympus')).toBe(false);
		expect(isTimeZone('')).toBe(false);
	});

	it("asks Intl for the device's zone at most once a minute, and again after", () => {
		const at = 1_800_000_000_000;
		const intl = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
		localTimeZone(at); // known from here
		const asked = vi.spyOn(Intl, 'DateTimeFormat');
		for (let i = 0; i < 100; i++) expect(localTimeZone(at + i * 500)).toBe(intl);
		expect(asked).not.toHaveBeenCalled();
		expect(localTimeZone(at + 61_000)).toBe(intl); // the owner may have travelled
		expect(asked).toHaveBeenCalledTimes(1);
		expect(localTimeZone(at - 5_000)).toBe(intl); // the clock set back: asked again
		expect(asked).toHaveBeenCalledTimes(2);
	});
});
