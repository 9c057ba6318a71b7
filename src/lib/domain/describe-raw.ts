/** How a stored value is named in a validation message: "the number 42", "a list of 3". */
export function describeRaw(raw: unknown): string {
	if (raw === null) return 'null';
	if (raw === undefined) return 'nothing';
	switch (typeof raw) {
		case 'string':
			return raw === '' ? 'empty text' : `the text "${clip(raw)}"`;
		case 'number':
		case 'bigint':
			return `the number ${String(raw)}`;
		case 'boolean':
			return `the value ${raw}`;
		case 'object':
			if (Array.isArray(raw)) return raw.length === 1 ? 'a list of 1' : `a list of ${raw.length}`;
			return 'an object';
		default:
			return `a ${typeof raw}`;
	}
}

function clip(s: string): string {
	return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}
