import { describe, expect, it } from 'vitest';
import { RECORD_TYPES } from '$lib/domain/record-types';

// The route files, as SvelteKit finds them.
const pages = Object.keys(import.meta.glob('/src/routes/**/+page.svelte'));

describe('record type routes', () => {
	it.each(RECORD_TYPES.map((t) => [t.collection]))('/%s has a list and a record page', (c) => {
		expect(pages).toContain(`/src/routes/${c}/+page.svelte`);
		expect(pages).toContain(`/src/routes/${c}/[id]/+page.svelte`);
	});
});
