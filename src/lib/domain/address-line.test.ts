import { describe, expect, it } from 'vitest';
import { addressLine } from './address-line';
import { describeValue } from './history';

describe('addressLine', () => {
	it('writes an address on one line, leaving out empty parts', () => {
		const a = {
			street: 'Marszałkowska 1 ',
			postcode: '00-001',
			city: 'Warszawa',
			region: ' ',
			country: 'Poland'
		};
		expect(addressLine(a)).toBe('Marszałkowska 1, 00-001 Warszawa, Poland');
		expect(addressLine({ city: 'Kraków', country: 7 })).toBe('Kraków');
		expect(addressLine({})).toBe('');
		// The history shows an address the same way
		expect(describeValue({ label: 'work', ...a })).toBe('Marszałkowska 1, 00-001 Warszawa, Poland');
	});
});
