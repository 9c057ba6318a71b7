/**
 * The workspace's teams, in the core document's meta map (domain/teams.ts says why one key per
 * team and one per removal), and each member's team as a key of the member. Reads are
 * reactive; each write is one undoable edit, refused when the domain's rules say no — and
 * refused unless this device's member may change teams (`permit`, from their role), so a client
 * whose screen hides the controls cannot write team keys through another path either.
 */
import type * as Y from 'yjs';
import {
	readTeams,
	teamGoneKey,
	teamKey,
	teamNameProblem,
	TEAMS_OWNER_ONLY,
	type Team
} from '$lib/domain/teams';
import type { Layout } from './layout';
import { LOCAL_EDIT } from './origins';
import type { Workspace } from './workspace.svelte';
import { subscriberOf } from './y-subscriber';

const newId = () => crypto.randomUUID().replaceAll('-', '').slice(0, 12);

export class TeamSettings {
	private readonly subscribe: () => void;
	private cache: Team[] | null = null;
	/** Until the session says who this device's member is, nobody here changes teams. */
	private mayChange: () => boolean = () => false;

	constructor(
		private readonly doc: Y.Doc,
		private readonly layout: Layout
	) {
		this.subscribe = subscriberOf(layout.meta, false);
		// Read once per change of the settings, however many views ask.
		layout.meta.observe(() => (this.cache = null));
	}

	/** Every team, by name (reactive). */
	get list(): Team[] {
		this.subscribe();
		this.cache ??= readTeams(this.layout.meta.entries());
		return this.cache;
	}

	/** Whether this device's member may change teams (read at each write: a role can change). */
	permit(mayChange: () => boolean): void {
		this.mayChange = mayChange;
	}

	get canChange(): boolean {
		return this.mayChange();
	}

	/** Adds a team; returns its id. */
	add(name: string): string {
		this.allowed();
		this.check(teamNameProblem(name, this.list));
		const id = newId();
		this.doc.transact(() => this.layout.meta.set(teamKey(id), name.trim()), LOCAL_EDIT);
		return id;
	}

	rename(id: string, name: string): void {
		this.allowed();
		if (!this.list.some((t) => t.id === id)) throw new Error('That team was removed.');
		this.check(teamNameProblem(name, this.list, id));
		this.doc.transact(() => this.layout.meta.set(teamKey(id), name.trim()), LOCAL_EDIT);
	}

	/** Removes a team; its members are then in none (their key stays, read as no team). */
	remove(id: string): void {
		this.allowed();
		this.doc.transact(() => this.layout.meta.set(teamGoneKey(id), true), LOCAL_EDIT);
	}

	/** Puts a member in a team (null: in none). */
	setTeam(memberId: string, teamId: string | null): void {
		this.allowed();
		const member = this.layout.members.get(memberId);
		if (!member) throw new Error('No such member.');
		if (teamId !== null && !this.list.some((t) => t.id === teamId))
			throw new Error('That team was removed.');
		if ((member.get('team') ?? null) === teamId) return;
		this.doc.transact(() => member.set('team', teamId), LOCAL_EDIT);
	}

	private allowed(): void {
		if (!this.mayChange()) throw new Error(TEAMS_OWNER_ONLY);
	}

	private check(problem: string | null): void {
		if (problem) throw new Error(problem);
	}
}

const settings = new WeakMap<Workspace, TeamSettings>();

/** The teams of an open workspace (one reader per workspace). */
export function teamsOf(ws: Workspace): TeamSettings {
	let s = settings.get(ws);
	if (!s) settings.set(ws, (s = new TeamSettings(ws.docs.core, ws.layout)));
	return s;
}
