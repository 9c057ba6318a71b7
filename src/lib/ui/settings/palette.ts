/** Member colours: distinct on a white page and readable as presence outlines. */
export const MEMBER_COLOURS = [
	{ name: 'Blue', value: '#2f6fed' },
	{ name: 'Green', value: '#1a7f37' },
	{ name: 'Orange', value: '#d4580f' },
	{ name: 'Purple', value: '#7c3aed' },
	{ name: 'Pink', value: '#c0267a' },
	{ name: 'Teal', value: '#0e7c86' },
	{ name: 'Red', value: '#c92a2a' },
	{ name: 'Brown', value: '#8a5a2b' }
] as const;

export function randomMemberColour(): string {
	return MEMBER_COLOURS[Math.floor(Math.random() * MEMBER_COLOURS.length)].value;
}

/** A colour the app can store: #rrggbb only, so every peer can render it. */
export function isHexColour(value: string): boolean {
	return /^#[0-9a-f]{6}$/i.test(value);
}
