/** What tests of row builders give them to ask: no relations, counts or timeline unless told. */
import type { RowLookup } from './declaration';

export function testLookup(answers: Partial<RowLookup> = {}): RowLookup {
	return {
		related: () => '',
		count: () => 0,
		intern: (v) => v,
		internAll: (v) => [...v],
		lastContact: () => null,
		...answers
	};
}
