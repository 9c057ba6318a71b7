/** Validation of a stored record, plus the one problem only the data layer can see. */
import type { Validated } from '$lib/domain/issues';
import { describeRaw } from '$lib/domain/describe-raw';
import { UNREADABLE_KEY } from './layout';

export function validateStored<T>(
	raw: Record<string, unknown>,
	validate: (raw: unknown) => Validated<T>
): Validated<T> {
	const result = validate(raw);
	if (!(UNREADABLE_KEY in raw)) return result;
	const issue = {
		field: '(record)',
		message: `The record as created could not be read (${describeRaw(raw[UNREADABLE_KEY])}); only later edits are shown.`,
		raw: raw[UNREADABLE_KEY]
	};
	return { value: result.value, issues: [issue, ...result.issues] };
}
