/**
 * Completing a task from any list: done (and the next one of a repeating task), then an offer
 * to log the call or visit it was about, linked to the same record.
 */
import type { TaskRow } from '$lib/domain/record-types';
import type { InteractionKind } from '$lib/domain/record-types/interaction';
import type { Workspace } from '$lib/data/workspace.svelte';
import { completeTask, reopenTask } from '$lib/session/tasks';
import { toasts } from '$lib/ui/shell/toasts.svelte';
import { logRequests } from '$lib/ui/timeline/log-requests.svelte';

const KIND_WORDS: readonly [RegExp, InteractionKind][] = [
	[/\b(call|phone|ring)\b/i, 'call'],
	[/\b(visit)\b/i, 'visit'],
	[/\b(meet|meeting|lunch|demo)\b/i, 'meeting'],
	[/\b(e-?mail|write|send|reply)\b/i, 'email'],
	[/\b(offer|quote|proposal)\b/i, 'offer'],
	[/\b(present|presentation)\b/i, 'presentation'],
	[/\b(letter)\b/i, 'letter']
];

/** What a task was probably about doing ("Call Anna" → a call); a call when it does not say. */
export function kindOfTask(title: string): InteractionKind {
	return KIND_WORDS.find(([words]) => words.test(title))?.[1] ?? 'call';
}

const KIND_WORDING: Partial<Record<InteractionKind, string>> = {
	call: 'Log the call',
	visit: 'Log the visit',
	meeting: 'Log the meeting',
	email: 'Log the email',
	offer: 'Log the offer',
	presentation: 'Log the presentation',
	letter: 'Log the letter'
};

export function toggleTask(ws: Workspace, t: TaskRow, done: boolean): void {
	if (!done) {
		reopenTask(ws, t.id);
		return;
	}
	completeTask(ws, t.id);
	const kind = kindOfTask(t.name);
	toasts.show(`Done: ${t.name || 'task'}`, {
		action: {
			label: KIND_WORDING[kind] ?? 'Log it',
			run: () =>
				logRequests.open({
					kind,
					subject: t.name,
					personIds: t.personId ? [t.personId] : [],
					organizationId: t.organizationId,
					dealId: t.dealId
				})
		}
	});
}
