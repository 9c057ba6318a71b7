/** An address on one line, as the history and the Directions link show it. */

type AddressParts = Partial<Record<'street' | 'postcode' | 'city' | 'region' | 'country', unknown>>;

/** "Marszałkowska 1, 00-001 Warszawa, Mazowieckie, Poland": empty or missing parts left out. */
export function addressLine(a: AddressParts): string {
	const part = (x: unknown) => (typeof x === 'string' ? x.trim() : '');
	return [
		part(a.street),
		[part(a.postcode), part(a.city)].filter(Boolean).join(' '),
		part(a.region),
		part(a.country)
	]
		.filter(Boolean)
		.join(', ');
}
