/**
 * The tasks of a generated workspace (generate.ts), written as the app stores them: records of
 * the task declaration (src/lib/domain/record-types/task.ts) in their hash shards
 * (`tasks.a7`, listed in the core's directory), through the app's RecordWriter, a chunk per
 * IMPORT transaction as an import writes them. A task is created open; the ones done (most:
 * the history of three years of work) carry their completion as later edit keys over the
 * snapshot ('status', 'completedAt', 'completedBy', 'updatedAt', 'updatedBy'), as
 * completeTask leaves them; the 'created' entry and the completion's entries are in the
 * history partition of their month, as the writing device logs them (history-log.ts).
 *
 * Drawn from the seeded PRNG only (bench/prng.ts), so the same seed and `now` give the same
 * documents. Realistic shape, by default: ~10 members (the workspace's 6 and 4 more), tasks
 * created over the three years before `now`, ~94 % done, ~2 % cancelled, a few thousand open:
 * overdue (up to two months), due today, upcoming (up to four months) or with no date; about a
 * third timed in a zone, a fifth with a reminder (past ones shown and dismissed), a few
 * repeating; each about a person (and their organization), an organization or a deal.
 */
import * as Y from 'yjs';
import { encodeDocs } from '../src/lib/data/docs-testing';
import { layoutOf, type Layout, type StoredChange } from '../src/lib/data/layout';
import { IMPORT } from '../src/lib/data/origins';
import { RecordWriter, type Author } from '../src/lib/data/record-writer';
import type { WorkspaceDocs } from '../src/lib/data/workspace-docs';
import { settleRecords } from '../src/lib/data/settled-records';
import { recordShard } from '../src/lib/data/settling';
import { familyOf } from '../src/lib/data/shards';
import { dueInstant } from '../src/lib/domain/tasks/due';
import { emptyTask, type TaskFields, type TaskPriority } from '../src/lib/domain/record-types/task';
import * as B from './fixtures/business';
import { generateWorkspace, type GenerateOptions } from './generate';
import { Random } from './prng';

const DAY = 86_400_000;
const CHUNK = 1_000;

/** Members added next to the workspace's own (B.MEMBER_NAMES), for ~10 assignees. */
export const EXTRA_MEMBER_NAMES = ['Lucía Romero', 'Jonas Becker', 'Aiko Tanaka', 'Samir Haddad'];

export interface TaskPlan {
	count: number;
	/** The end of the span: open tasks are due around it, done ones before it. */
	now: number;
	/** Years of tasks before `now` (default 3). */
	years?: number;
	/** Share of tasks still open (default 0.04: 4,000 of 100k). */
	openShare?: number;
	/** Assignees, in order; the first one is the bench's member (a normal share of the work). */
	memberIds: string[];
	personIds: string[];
	/** First names of the people, for titles ("Call Anna"). */
	personNames: string[];
	orgOfPerson: (string | null)[];
	organizationIds: string[];
	/** Deals with their organization and person. */
	deals: { id: string; organizationId: string | null; personId: string | null }[];
}

export interface WrittenTasks {
	count: number;
	open: number;
	done: number;
	cancelled: number;
	/** The member's open tasks by where My day puts them (for a reader in UTC). */
	firstMember: { open: number; overdue: number; today: number; upcoming: number; none: number };
	/** Done in the ISO week of `now` (what Team counts). */
	doneThisWeek: number;
	timed: number;
	withReminder: number;
	/** Shards written (documents). */
	shards: number;
}

/** Adds the extra members to the core document; returns their ids. */
export function addTaskMembers(layout: Layout, rng: Random): string[] {
	const ids = EXTRA_MEMBER_NAMES.map(() => rng.uuid());
	layout.core.transact(() => {
		EXTRA_MEMBER_NAMES.forEach((name, i) => {
			const map = new Y.Map<unknown>();
			map.set('name', name);
			map.set('color', ['#0b8043', '#8e24aa', '#f4511e', '#3f51b5'][i % 4]);
			layout.members.set(ids[i], map);
		});
	}, IMPORT);
	return ids;
}

const TITLES_ABOUT_PERSON = [
	'Call {name}',
	'Call {name} back',
	'Send {name} the quote',
	'Follow up with {name}',
	'Email {name} the case study',
	'Book a demo with {name}',
	'Meet {name} for lunch',
	'Reply to {name}',
	'Visit {name}'
];
const TITLES_ABOUT_ORGANIZATION = [
	'Renewal check-in',
	'Send the contract draft',
	'Quarterly review',
	'Prepare the presentation',
	'Check in after their budget meeting',
	'Introduce the support team',
	'Update the billing address',
	'Send the invoice copy'
];
const TITLES_ABOUT_DEAL = [
	'Send the proposal',
	'Revise the offer',
	'Negotiation call',
	'Get the signed order',
	'Prepare the pricing sheet'
];
const TITLES_ALONE = ['Plan next week', 'Clean up the pipeline', 'Write the monthly report'];
const PRIORITIES: [TaskPriority, number][] = [
	['normal', 60],
	['high', 20],
	['low', 12],
	['urgent', 8]
];
const REPEATS = ['FREQ=WEEKLY', 'FREQ=MONTHLY', 'FREQ=WEEKLY;INTERVAL=2', 'FREQ=DAILY'];

function dayOf(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

function clockTime(rng: Random): string {
	const minutes = 8 * 60 + rng.int(0, 19) * 30; // 08:00 … 17:30
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function writeTasks(
	docs: WorkspaceDocs,
	layout: Layout,
	rng: Random,
	plan: TaskPlan
): WrittenTasks {
	const years = plan.years ?? 3;
	const openShare = plan.openShare ?? 0.04;
	const from = plan.now - years * 365 * DAY;
	const span = plan.now - from;
	const today = dayOf(plan.now);
	const weekStart = (() => {
		const d = new Date(`${today}T00:00:00Z`);
		d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
		return d.getTime();
	})();
	// Some members carry more of the work than others.
	const assignees = plan.memberIds.map(
		(id, i) => [id, [3, 3, 2, 2, 2, 2, 1, 1, 1, 1][i] ?? 1] as const
	);
	const author = { memberId: '', at: 0 };
	const clock: Author = {
		get memberId() {
			return author.memberId;
		},
		now: () => author.at
	};
	const writer = new RecordWriter<TaskFields>(layout.collections.tasks, clock, emptyTask);
	const written: WrittenTasks = {
		count: plan.count,
		open: 0,
		done: 0,
		cancelled: 0,
		firstMember: { open: 0, overdue: 0, today: 0, upcoming: 0, none: 0 },
		doneThisWeek: 0,
		timed: 0,
		withReminder: 0,
		shards: 0
	};
	const shards = new Set<string>();

	interface Drawn {
		id: string;
		fields: Partial<TaskFields> & { notes?: string };
		createdBy: string;
		createdAt: number;
		/** Done or cancelled later: the edit keys and who, when. */
		closed: { status: 'done' | 'cancelled'; at: number; by: string } | null;
	}

	const draw = (i: number): Drawn => {
		const open = rng.chance(openShare);
		// Open tasks were mostly made in the last months; closed ones over the whole span.
		const createdAt = open
			? plan.now - rng.int(1, 120) * DAY - rng.int(0, DAY - 1)
			: from + Math.floor(((i + rng.next()) / plan.count) * span * 0.995);
		const assigneeId = rng.chance(0.01) ? null : rng.weighted(assignees);
		const createdBy = rng.chance(0.7) && assigneeId ? assigneeId : rng.pick(plan.memberIds);

		// What it is about.
		let personId: string | null = null;
		let organizationId: string | null = null;
		let dealId: string | null = null;
		let title: string;
		const about = rng.next();
		if (about < 0.6 && plan.personIds.length > 0) {
			const p = rng.int(0, plan.personIds.length - 1);
			personId = plan.personIds[p];
			organizationId = plan.orgOfPerson[p];
			title = rng.pick(TITLES_ABOUT_PERSON).replace('{name}', plan.personNames[p]);
		} else if (about < 0.8 && plan.organizationIds.length > 0) {
			organizationId = rng.pick(plan.organizationIds);
			title = rng.pick(TITLES_ABOUT_ORGANIZATION);
		} else if (about < 0.95 && plan.deals.length > 0) {
			const deal = rng.pick(plan.deals);
			dealId = deal.id;
			organizationId = deal.organizationId;
			personId = deal.personId;
			title = rng.pick(TITLES_ABOUT_DEAL);
		} else title = rng.pick(TITLES_ALONE);

		// When it is due.
		let dueDate: string | null;
		let bucket: 'overdue' | 'today' | 'upcoming' | 'none';
		if (open) {
			const w = rng.next();
			if (w < 0.3) {
				dueDate = dayOf(plan.now - rng.int(1, 60) * DAY);
				bucket = 'overdue';
			} else if (w < 0.32) {
				dueDate = today;
				bucket = 'today';
			} else if (w < 0.83) {
				dueDate = dayOf(plan.now + rng.int(1, 120) * DAY);
				bucket = 'upcoming';
			} else {
				dueDate = null;
				bucket = 'none';
			}
		} else {
			dueDate = rng.chance(0.9) ? dayOf(createdAt + rng.int(0, 21) * DAY) : null;
			bucket = 'none';
		}
		const timed = dueDate !== null && rng.chance(0.35);
		const dueTime = timed ? clockTime(rng) : null;
		const timeZone = timed ? rng.pick(B.TIME_ZONES) : '';
		const dueAt =
			dueDate !== null ? dueInstant(dueDate, dueTime ?? '09:00', timeZone || 'UTC') : null;
		if (open && timed && bucket === 'today' && dueAt !== null) {
			// A timed task due today may be overdue already or, in its zone, tomorrow for UTC.
			bucket = dueAt < plan.now ? 'overdue' : dayOf(dueAt) <= today ? 'today' : 'upcoming';
		}
		if (timed) written.timed++;

		let reminderAt: number | null = null;
		let remindedAt: number | null = null;
		let reminderDismissedAt: number | null = null;
		if (dueAt !== null && rng.chance(0.2)) {
			reminderAt = dueAt - rng.pick([0, 15, 30, 60, 24 * 60]) * 60_000;
			written.withReminder++;
			if (reminderAt < plan.now) {
				remindedAt = reminderAt + rng.int(0, 120) * 1_000;
				// Most past reminders were dealt with; a few are still waiting for their member.
				if (!open || rng.chance(0.9)) reminderDismissedAt = remindedAt + rng.int(1, 600) * 1_000;
			}
		}

		let closed: Drawn['closed'] = null;
		if (!open) {
			const status = rng.chance(0.98) ? 'done' : 'cancelled';
			const due = dueAt ?? createdAt + rng.int(0, 14) * DAY;
			const at = Math.min(
				plan.now - rng.int(1, 3_600_000),
				Math.max(createdAt + 60_000, due + rng.int(-3, 4) * DAY)
			);
			closed = {
				status,
				at,
				by: rng.chance(0.9) && assigneeId ? assigneeId : rng.pick(plan.memberIds)
			};
		}
		const repeat = open && rng.chance(0.03) ? rng.pick(REPEATS) : null;
		const fields: Drawn['fields'] = {
			title,
			dueDate,
			dueTime,
			timeZone,
			reminderAt,
			remindedAt,
			reminderDismissedAt,
			assigneeId,
			priority: rng.weighted(PRIORITIES),
			personId,
			organizationId,
			dealId,
			createdBy,
			repeat
		};
		if (rng.chance(0.1)) fields.notes = rng.some(B.NOTE_SENTENCES, 1, 2).join(' ');
		const id = rng.uuid();

		if (open) {
			written.open++;
			if (assigneeId === plan.memberIds[0]) {
				written.firstMember.open++;
				written.firstMember[bucket]++;
			}
		} else if (closed!.status === 'done') {
			written.done++;
			if (closed!.at >= weekStart) written.doneThisWeek++;
		} else written.cancelled++;
		return { id, fields, createdBy, createdAt, closed };
	};

	for (let start = 0; start < plan.count; start += CHUNK) {
		const chunk: Drawn[] = [];
		for (let i = start; i < Math.min(plan.count, start + CHUNK); i++) chunk.push(draw(i));
		const names = chunk.map((t) => layout.collections.tasks.docNameOf(t.id));
		for (const name of names) shards.add(name);
		docs.transact(
			names,
			() => {
				for (const t of chunk) {
					author.memberId = t.createdBy;
					author.at = t.createdAt;
					writer.insert(t.id, t.fields);
					if (!t.closed) continue;
					// Completed later, as completeTask writes it: edit keys over the snapshot.
					const map = layout.collections.tasks.map(t.id)!;
					map.set('status', t.closed.status);
					map.set('completedAt', t.closed.at);
					map.set('completedBy', t.closed.by);
					map.set('updatedAt', t.closed.at);
					map.set('updatedBy', t.closed.by);
				}
			},
			IMPORT
		);
		// The history entries the creating and the completing device logged (history-log.ts),
		// in the partition of their month.
		const byMonth = new Map<string, { at: number; entries: StoredChange[] }>();
		const log = (at: number, entries: StoredChange[]) => {
			const month = new Date(at).toISOString().slice(0, 7);
			let group = byMonth.get(month);
			if (!group) byMonth.set(month, (group = { at, entries: [] }));
			group.entries.push(...entries);
		};
		for (const t of chunk) {
			log(t.createdAt, [
				{ r: t.id, f: 'created', o: null, n: null, b: t.createdBy, t: t.createdAt }
			]);
			if (!t.closed) continue;
			const { status, at, by } = t.closed;
			log(at, [
				{ r: t.id, f: 'status', o: 'open', n: status, b: by, t: at },
				{ r: t.id, f: 'completedAt', o: null, n: at, b: by, t: at },
				{ r: t.id, f: 'completedBy', o: null, n: by, b: by, t: at }
			]);
		}
		for (const { at, entries } of byMonth.values()) layout.history.push(entries, at, IMPORT);
	}
	written.shards = shards.size;
	return written;
}

export interface WorkspaceWithTasks {
	/** Every document without the tasks (the extra members are in): the reference. */
	without: Map<string, Uint8Array>;
	/** Every document with the tasks: the task shards and the grown history partitions. */
	with: Map<string, Uint8Array>;
	tasks: WrittenTasks;
	/** The assignees; the first is the bench's member. */
	memberIds: string[];
	memberNames: string[];
	generateMs: number;
	tasksMs: number;
}

/**
 * The workspace of generate.ts (without interactions) and the same with `tasks` tasks written
 * into it, both encoded one update per document as a device stores them.
 */
export function generateWithTasks(
	options: GenerateOptions & {
		tasks: number;
		/** Every record last edited over a month before `now` settled, as devices leave them
		 * (src/lib/data/settled-records.ts). */
		settled?: boolean;
	}
): WorkspaceWithTasks {
	let started = performance.now();
	const generated = generateWorkspace({ ...options, interactions: 0 });
	const layout = layoutOf(generated.docs);
	const rng = new Random(options.seed + 13);
	const extra = addTaskMembers(layout, rng);
	const generateMs = performance.now() - started;
	if (options.settled) settleWorkspace(generated.docs, generated.now);
	const without = encodeDocs(generated.docs);
	started = performance.now();
	const people = new Map(generated.json.people.map((p) => [String(p.id), p]));
	const memberIds = [...generated.memberIds, ...extra];
	const tasks = writeTasks(generated.docs, layout, rng, {
		count: options.tasks,
		now: generated.now,
		memberIds,
		personIds: generated.personIds,
		personNames: generated.personIds.map((id) => String(people.get(id)!.firstName)),
		orgOfPerson: generated.personIds.map(
			(id) => (people.get(id)!.organizationId as string | null) ?? null
		),
		organizationIds: generated.organizationIds,
		deals: generated.json.deals.map((d) => ({
			id: String(d.id),
			organizationId: (d.organizationId as string | null) ?? null,
			personId: (d.personId as string | null) ?? null
		}))
	});
	const tasksMs = performance.now() - started;
	if (options.settled) settleWorkspace(generated.docs, generated.now);
	const withTasks = encodeDocs(generated.docs);
	generated.docs.destroy();
	return {
		without,
		with: withTasks,
		tasks,
		memberIds,
		memberNames: [...generated.json.members.map((m) => m.name), ...EXTRA_MEMBER_NAMES],
		generateMs,
		tasksMs
	};
}

/** Settles every record of every open shard that a device would (settled-records.ts). */
export function settleWorkspace(docs: WorkspaceDocs, now: number): number {
	let settled = 0;
	docs.onDoc((name, doc) => {
		const shard = recordShard(name, doc);
		if (shard) settled += settleRecords(familyOf(name), shard, [...shard.keys()], now);
	})();
	return settled;
}
