/**
 * Segment fields and list filters that several record types declare alike: people and
 * organizations share a relationship kind, an owner, tags and a city; any type with an owner or
 * tags (a deal, a task) can take those two as they are.
 */
import { RELATIONSHIP_KINDS } from '../records';
import type { ListFilterDeclaration } from './declaration';

export const KIND_FIELD = { type: 'choice', label: 'Kind' } as const;
/** A member's id, or null for nobody. */
export const OWNER_FIELD = { type: 'choice', label: 'Owner' } as const;
export const TAGS_FIELD = { type: 'multi-choice', label: 'Tags' } as const;
/** The first address's city. */
export const CITY_FIELD = { type: 'text', label: 'City' } as const;

/** Any of the relationship kinds picked (a multi-select). */
export const KIND_FILTER: ListFilterDeclaration = {
	field: 'kind',
	label: 'Kind',
	values: RELATIONSHIP_KINDS
};

/** The member who does it (a task, a service request), or null for nobody. */
export const ASSIGNEE_FIELD = { type: 'choice', label: 'Assignee' } as const;

/** One member, or nobody. */
export const OWNER_FILTER: ListFilterDeclaration = {
	field: 'ownerId',
	label: 'Owner',
	values: 'members',
	any: 'Anyone',
	none: 'Nobody'
};

/** One of the tags in use. */
export const TAG_FILTER: ListFilterDeclaration = {
	field: 'tags',
	label: 'Tag',
	values: 'in-rows',
	any: 'Any tag'
};

/** When the newest interaction with the record happened (ms), from its timeline. */
export const LAST_CONTACTED_FIELD = { type: 'date', label: 'Last contacted' } as const;
/** The newest interaction's next step. */
export const NEXT_STEP_FIELD = { type: 'text', label: 'Next step' } as const;

/** One assignee, or nobody. */
export const ASSIGNEE_FILTER: ListFilterDeclaration = {
	...OWNER_FILTER,
	field: 'assigneeId',
	label: 'Assignee'
};
