/**
 * What the palette can run besides opening a record: go to a section, create a record (the list
 * page's own "New …" button, so the palette and the page make records the same way), log an
 * interaction, import, export, settings, switch workspace. Matching is by every word of the
 * query in the action's label or keywords.
 */
import { fold } from '$lib/domain/fold';
import { SECTIONS } from '$lib/ui/shell/shortcuts';

export type PaletteAction =
	| { id: string; label: string; keywords: string; do: 'go'; path: string }
	| { id: string; label: string; keywords: string; do: 'create'; path: string; button: string }
	| { id: string; label: string; keywords: string; do: 'log'; kind: 'call' | 'meeting' | null }
	| { id: string; label: string; keywords: string; do: 'switch'; workspaceId: string };

/** The records the palette creates: the list that has the "New …" button, and its name. */
const CREATES = [
	{ noun: 'person', path: '/people', keywords: 'contact add' },
	{ noun: 'organization', path: '/organizations', keywords: 'company account add' },
	{ noun: 'deal', path: '/deals', keywords: 'opportunity add' },
	{ noun: 'task', path: '/tasks?view=all', keywords: 'todo reminder add' },
	{ noun: 'request', path: '/requests', keywords: 'ticket support service add' },
	{ noun: 'order', path: '/orders', keywords: 'purchase sale add' },
	{ noun: 'product', path: '/products', keywords: 'catalogue item add' },
	{ noun: 'campaign', path: '/campaigns', keywords: 'mail newsletter email shot add' }
] as const;

/** Every action, given the device's other workspaces (the current one is not offered). */
export function paletteActions(
	workspaces: readonly { id: string; name: string }[],
	currentId: string,
	readOnly: boolean
): PaletteAction[] {
	const creates: PaletteAction[] = readOnly
		? []
		: [
				...CREATES.map((c): PaletteAction => ({
					id: `new-${c.noun}`,
					label: `New ${c.noun}`,
					keywords: `create ${c.keywords}`,
					do: 'create',
					path: c.path,
					button: `New ${c.noun}`
				})),
				{
					id: 'log',
					label: 'Log an interaction',
					keywords: 'note email visit',
					do: 'log',
					kind: null
				},
				{
					id: 'log-call',
					label: 'Log a call',
					keywords: 'phone interaction',
					do: 'log',
					kind: 'call'
				},
				{
					id: 'log-meeting',
					label: 'Log a meeting',
					keywords: 'interaction',
					do: 'log',
					kind: 'meeting'
				}
			];
	return [
		...creates,
		{
			id: 'import',
			label: 'Import contacts',
			keywords: 'csv vcard file upload',
			do: 'go',
			path: '/import-export'
		},
		{
			id: 'export',
			label: 'Export or back up',
			keywords: 'csv vcard backup download',
			do: 'go',
			path: '/import-export'
		},
		...SECTIONS.map((s): PaletteAction => ({
			id: `go-${s.key}`,
			label: `Go to ${s.label}`,
			keywords: 'section open page',
			do: 'go',
			path: s.path
		})),
		...workspaces
			.filter((w) => w.id !== currentId)
			.map((w): PaletteAction => ({
				id: `switch-${w.id}`,
				label: `Switch to workspace ${w.name}`,
				keywords: 'open change',
				do: 'switch',
				workspaceId: w.id
			}))
	];
}

/** The actions every word of the query appears in (label or keywords), in their order. */
export function matchActions(actions: readonly PaletteAction[], query: string): PaletteAction[] {
	const words = fold(query).split(/\s+/).filter(Boolean);
	if (!words.length) return actions.slice();
	return actions.filter((a) => {
		const hay = fold(`${a.label} ${a.keywords}`);
		return words.every((w) => hay.includes(w));
	});
}
