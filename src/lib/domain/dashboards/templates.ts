/**
 * The dashboards made on demand: the workspace's default, and one per role (a sales rep's own,
 * a manager's, a support lead's). Each has a fixed id, and so do its cards: two devices making
 * the manager's dashboard at once write the same record with the same cards, and Yjs keeps one
 * copy of it — never two dashboards, never doubled cards. A sales rep's is theirs: its id and
 * its owner filter name the member. Each also shows the customer reports its reader acts on
 * (computed from every month of orders in the reports worker): the overview the revenue by
 * category, the manager the new customers, a sales rep the RFM grid (whom to call) and the
 * revenue by value tier, a support lead the customers kept and lost.
 */
import type { PeriodChoice } from '../reports/period';
import type { CardKind, CardSize, CardSpec } from './cards';

export const TEMPLATE_IDS = ['default', 'sales', 'manager', 'support'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export interface Template {
	id: TemplateId;
	/** What the button says: "Add the manager's dashboard". */
	label: string;
	name: string;
	description: string;
	period: PeriodChoice;
	/** The dashboard is one member's: its owner filter is theirs. */
	own: boolean;
	cards: readonly CardSpec[];
}

const card = (
	reportId: string,
	kind: CardKind = 'chart',
	size: CardSize = 'medium',
	title = ''
): CardSpec => ({ reportId, kind, size, chart: null, title });

export const TEMPLATES: Record<TemplateId, Template> = {
	default: {
		id: 'default',
		label: 'Add the overview dashboard',
		name: 'Overview',
		description:
			'Pipeline, won and lost, revenue, activities and service requests of this quarter.',
		period: 'this-quarter',
		own: false,
		cards: [
			card('won-lost', 'number', 'small', 'Won this period'),
			card('pipeline-by-stage'),
			card('won-lost'),
			card('revenue-by-category'),
			card('activities-per-member'),
			card('requests-flow')
		]
	},
	sales: {
		id: 'sales',
		label: 'Add my sales dashboard',
		name: 'My sales',
		description:
			'Your pipeline, your activities, your goals, and the customers worth a call (RFM).',
		period: 'this-month',
		own: true,
		cards: [
			card('pipeline-by-stage', 'number', 'small', 'Open pipeline'),
			card('activities-per-member', 'number', 'small', 'Activities this period'),
			card('pipeline-by-stage'),
			card('activities-per-member'),
			card('goal-progress', 'chart', 'large'),
			card('rfm-grid', 'table', 'large', 'Customers by recency and frequency'),
			card('revenue-by-value-tier')
		]
	},
	manager: {
		id: 'manager',
		label: "Add the manager's dashboard",
		name: "Manager's dashboard",
		description:
			"The team's pipeline, won and lost, new customers, who is doing what, and the forecast against target.",
		period: 'this-quarter',
		own: false,
		cards: [
			card('won-lost', 'number', 'small', 'Won this period'),
			card('new-customers', 'number', 'small', 'New customers'),
			card('pipeline-by-stage'),
			card('won-lost'),
			card('loss-reasons'),
			card('activities-per-member', 'chart', 'large'),
			card('forecast-target', 'chart', 'large'),
			card('goal-progress', 'table', 'medium', 'Goals this period')
		]
	},
	support: {
		id: 'support',
		label: "Add the support lead's dashboard",
		name: "Support lead's dashboard",
		description:
			'Requests opened and resolved, response times, satisfaction, and customers kept and lost.',
		period: 'this-quarter',
		own: false,
		cards: [
			card('requests-flow', 'number', 'small', 'Requests opened'),
			card('response-times', 'number', 'small', 'Median first response'),
			card('satisfaction', 'number', 'small', 'Satisfaction'),
			card('requests-flow'),
			card('response-times'),
			card('satisfaction', 'chart', 'large'),
			card('retention')
		]
	}
};

/** The dashboard id a template makes (for a member's own: theirs). */
export function templateDashboardId(template: TemplateId, memberId: string): string {
	return TEMPLATES[template].own ? `dashboard-${template}-${memberId}` : `dashboard-${template}`;
}

/** The fixed id of a template's nth card. */
export function templateCardId(template: TemplateId, index: number): string {
	return `${template}-${index + 1}`;
}
