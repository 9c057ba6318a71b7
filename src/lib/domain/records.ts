/**
 * The customer base's record types: people, organizations, team members and the
 * workspace's own custom fields. Pure data, no behaviour: validation lives in validate.ts,
 * and each record type's declaration in record-types/.
 */
import type { RecordTypeName } from './record-types';

export const RELATIONSHIP_KINDS = [
	'lead',
	'prospect',
	'client',
	'lost client',
	'supplier',
	'partner',
	'colleague',
	'other'
] as const;
export type RelationshipKind = (typeof RELATIONSHIP_KINDS)[number];

export const DECISION_ROLES = ['decision maker', 'influencer', 'user', 'none'] as const;
export type DecisionRole = (typeof DECISION_ROLES)[number];

export const CONSENT_STATES = ['unknown', 'granted', 'refused'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

export interface LabelledValue {
	label: string; // "work", "home", "mobile", ...
	value: string;
}

export interface Address {
	label: string;
	street: string;
	city: string;
	region: string;
	postcode: string;
	country: string;
	/** Where the address is (degrees, WGS84): optional, for "within N km of" segments. */
	lat?: number;
	lon?: number;
}

/** Preferences such as diet, preferred channel, language: free keys, free values. */
export type Preferences = Record<string, string>;

/** A custom field's value: by the definition's type. */
export type CustomValue = string | number | boolean | string[] | null;

/** Fields every shared record carries. */
export interface RecordMeta {
	id: string;
	createdAt: number; // ms since epoch
	createdBy: string; // member id
	updatedAt: number;
	updatedBy: string;
}

export interface PersonFields {
	firstName: string;
	lastName: string;
	title: string;
	organizationId: string | null;
	decisionRole: DecisionRole;
	kind: RelationshipKind;
	ownerId: string | null; // a member id
	emails: LabelledValue[];
	phones: LabelledValue[];
	addresses: Address[];
	tags: string[];
	interests: string[];
	preferences: Preferences;
	focusGroups: string[];
	consent: ConsentState;
	source: string;
	/** What they could be worth in the workspace currency, as the team judges (value clusters
	 * set it against what they bought); null: not judged. */
	potentialValue: number | null;
	custom: Record<string, CustomValue>; // custom field id -> value
}

export interface OrganizationFields {
	name: string;
	kind: RelationshipKind;
	ownerId: string | null;
	website: string;
	industry: string;
	emails: LabelledValue[];
	phones: LabelledValue[];
	addresses: Address[];
	tags: string[];
	source: string;
	custom: Record<string, CustomValue>;
}

export type Person = RecordMeta & PersonFields;
export type Organization = RecordMeta & OrganizationFields;

export type PersonField = keyof PersonFields;
export type OrganizationField = keyof OrganizationFields;

export const CUSTOM_FIELD_TYPES = [
	'text',
	'number',
	'date',
	'choice',
	'multi-choice',
	'boolean'
] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export interface CustomFieldDef {
	id: string;
	entity: RecordTypeName; // the record type it applies to (record-types/)
	label: string;
	type: CustomFieldType;
	options: string[]; // for choice and multi-choice
	order: number;
	/**
	 * Options renamed since values were stored: the old label (optionKey) → the label it became.
	 * Records keep what they stored; reading follows the renames, so a record an offline device
	 * wrote with the old label shows the new one once it syncs.
	 */
	renamed?: Readonly<Record<string, string>>;
}

export interface Member {
	id: string;
	name: string;
	color: string; // css colour, e.g. #3366cc
	/** The member's own e-mail addresses: their mail is outgoing, and never offered as a contact.
	 * Always read (validateMember), may be left out where a member is written. */
	emails?: string[];
	/** The member's team (domain/teams.ts), as stored: it may name a team since removed. */
	teamId?: string | null;
}

export function emptyPerson(): PersonFields {
	return {
		firstName: '',
		lastName: '',
		title: '',
		organizationId: null,
		decisionRole: 'none',
		kind: 'lead',
		ownerId: null,
		emails: [],
		phones: [],
		addresses: [],
		tags: [],
		interests: [],
		preferences: {},
		focusGroups: [],
		consent: 'unknown',
		source: '',
		potentialValue: null,
		custom: {}
	};
}

export function emptyOrganization(): OrganizationFields {
	return {
		name: '',
		// Nothing said yet: a new organization is not a client until someone says so.
		kind: 'other',
		ownerId: null,
		website: '',
		industry: '',
		emails: [],
		phones: [],
		addresses: [],
		tags: [],
		source: '',
		custom: {}
	};
}

export function emptyAddress(): Address {
	return { label: 'work', street: '', city: '', region: '', postcode: '', country: '' };
}

export function personName(p: Pick<PersonFields, 'firstName' | 'lastName'>): string {
	return `${p.firstName} ${p.lastName}`.trim();
}

/** A field-level change, as the history shows it. */
export interface FieldChange {
	recordId: string;
	field: string;
	from: unknown;
	to: unknown;
	by: string; // member id
	at: number;
	/** How, when not by hand: 'import' (an import or its revert). */
	via?: 'import';
}

/** Human labels for person fields, for messages, history and column headers. */
export const PERSON_FIELD_LABELS: Record<PersonField, string> = {
	firstName: 'First name',
	lastName: 'Last name',
	title: 'Title',
	organizationId: 'Organization',
	decisionRole: 'Decision role',
	kind: 'Kind',
	ownerId: 'Owner',
	emails: 'Emails',
	phones: 'Phones',
	addresses: 'Addresses',
	tags: 'Tags',
	interests: 'Interests',
	preferences: 'Preferences',
	focusGroups: 'Focus groups',
	consent: 'Marketing consent',
	source: 'Source',
	potentialValue: 'Potential value',
	custom: 'Custom fields'
};

/** Human labels for organization fields. */
export const ORGANIZATION_FIELD_LABELS: Record<OrganizationField, string> = {
	name: 'Name',
	kind: 'Kind',
	ownerId: 'Owner',
	website: 'Website',
	industry: 'Industry',
	emails: 'Emails',
	phones: 'Phones',
	addresses: 'Addresses',
	tags: 'Tags',
	source: 'Source',
	custom: 'Custom fields'
};
