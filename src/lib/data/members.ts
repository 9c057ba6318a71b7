/** Team members: who owns records and who changed what. */
import * as Y from 'yjs';
import type { Member } from '$lib/domain/records';
import { validateMember } from '$lib/domain/validate';
import type { Layout } from './layout';
import { SETUP } from './origins';
import { subscriberOf } from './y-subscriber';

export class MemberRepository {
	private readonly subscribe: () => void;

	constructor(
		private readonly doc: Y.Doc,
		private readonly layout: Layout
	) {
		this.subscribe = subscriberOf(layout.members);
	}

	get list(): Member[] {
		this.subscribe();
		const members: Member[] = [];
		this.layout.members.forEach((map, id) =>
			members.push(validateMember({ ...map.toJSON(), id }).value)
		);
		return members.sort((a, b) => a.name.localeCompare(b.name));
	}

	get(id: string): Member | undefined {
		this.subscribe();
		const map = this.layout.members.get(id);
		return map ? validateMember({ ...map.toJSON(), id }).value : undefined;
	}

	nameOf(id: string | null): string {
		if (!id) return '';
		return this.get(id)?.name ?? 'Unknown member';
	}

	/** Sets this member's e-mail addresses (their own mail is outgoing, never a new contact). */
	setEmails(id: string, emails: readonly string[]): void {
		const map = this.layout.members.get(id);
		const current = map?.get('emails');
		if (!map || JSON.stringify(current) === JSON.stringify(emails)) return;
		this.doc.transact(() => map.set('emails', [...emails]), SETUP);
	}

	/** Sets this member's name and colour, a key each, so two devices of one person merge. */
	upsert(member: Member): void {
		this.doc.transact(() => {
			let map = this.layout.members.get(member.id);
			if (!map) {
				map = new Y.Map<unknown>();
				this.layout.members.set(member.id, map);
			}
			if (map.get('name') !== member.name) map.set('name', member.name);
			if (map.get('color') !== member.color) map.set('color', member.color);
		}, SETUP);
	}
}
