/**
 * A campaign's subject and body as templates with merge fields, through liquidjs (a maintained
 * engine: its parser finds syntax errors with their line, and its HTML rendering escapes every
 * value). Two engines: one renders plain text (values as they are), the other HTML (values
 * escaped, and the template's own text escaped before parsing, so a "<" typed in the body is
 * shown, not obeyed). The fallback syntax `{{ firstName | "friend" }}` is rewritten to
 * Liquid's `| default: "friend"` (which also works as written).
 *
 * Checking is done once per template (parse, then every variable against the known fields);
 * rendering is per recipient, so a preview of 10,000 people renders only the one shown.
 */
import { Liquid, type Template } from 'liquidjs';

/** Where a template's problem is: the subject or the body, and its line (1-based). */
export interface TemplateProblem {
	part: 'subject' | 'body';
	line: number;
	message: string;
}

export interface RenderedMessage {
	subject: string;
	text: string;
	html: string;
}

/** A recipient's merge values by field key; a missing key renders empty. */
export type MergeValues = Readonly<Record<string, string>>;

export interface CheckedTemplate {
	/** Everything found wrong; sending is refused while there is any. */
	readonly problems: readonly TemplateProblem[];
	/** Renders one recipient's message (only when `problems` is empty). */
	render(values: MergeValues): RenderedMessage;
}

const OPTIONS = { strictFilters: true, ownPropertyOnly: true, greedy: false } as const;
const plainEngine = new Liquid({ ...OPTIONS, outputEscape: undefined });
const htmlEngine = new Liquid({ ...OPTIONS, outputEscape: 'escape' });

/** `| "text"` right after a value (where a filter's name would be) → `| default: "text"`. */
const FALLBACK = /\|(\s*)("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/g;
const LIQUID_PART = /(\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\})/;

/** The template with the fallback syntax in Liquid's words; lines stay where they are. */
export function toLiquid(source: string): string {
	return source
		.split(LIQUID_PART)
		.map((part, i) =>
			i % 2 === 1 && part.startsWith('{{') ? part.replace(FALLBACK, '| default:$1$2') : part
		)
		.join('');
}

const ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&#34;',
	"'": '&#39;'
};
export function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** The template's own text escaped for HTML, its Liquid parts untouched. */
function escapeLiteral(source: string): string {
	return source
		.split(LIQUID_PART)
		.map((part, i) => (i % 2 === 1 ? part : escapeHtml(part)))
		.join('');
}

/** Paragraphs from blank lines, line breaks within one (the text is escaped already). */
export function paragraphs(escaped: string): string {
	return escaped
		.replace(/\r\n?/g, '\n')
		.split(/\n[ \t]*\n+/)
		.map((p) => p.trim())
		.filter((p) => p !== '')
		.map((p) => `<p>${p.replace(/\n/g, '<br>\n')}</p>`)
		.join('\n');
}

interface Parsed {
	plain: Template[];
	html: Template[];
}

function lineOf(e: unknown): number {
	const token = (e as { token?: { getPosition?: () => [number, number] } }).token;
	const pos = token?.getPosition?.();
	return pos ? pos[0] : 1;
}

/** Liquid's message without its own ", line:1, col:3" (we say the line ourselves). */
function reason(e: unknown): string {
	const message = e instanceof Error ? e.message : String(e);
	return message
		.replace(/,? line:\d+, col:\d+$/, '')
		.replace(/^undefined filter/, 'unknown filter');
}

function parse(
	part: TemplateProblem['part'],
	source: string,
	known: ReadonlySet<string>,
	problems: TemplateProblem[]
): Parsed | null {
	const liquid = toLiquid(source);
	let parsed: Parsed;
	try {
		parsed = { plain: plainEngine.parse(liquid), html: htmlEngine.parse(escapeLiteral(liquid)) };
	} catch (e) {
		problems.push({ part, line: lineOf(e), message: reason(e) });
		return null;
	}
	const globals = plainEngine.analyzeSync(parsed.plain, { partials: false }).globals;
	for (const [name, uses] of Object.entries(globals)) {
		if (known.has(name)) continue;
		for (const use of uses)
			problems.push({ part, line: use.location.row, message: `unknown field "${name}"` });
	}
	return parsed;
}

/** Reads a campaign's subject and body against the merge fields there are (their keys). */
export function checkTemplate(
	subject: string,
	body: string,
	known: readonly string[]
): CheckedTemplate {
	const problems: TemplateProblem[] = [];
	const keys = new Set(known);
	const s = parse('subject', subject, keys, problems);
	const b = parse('body', body, keys, problems);
	if (subject.includes('\n'))
		problems.push({ part: 'subject', line: 2, message: 'the subject must be one line' });
	problems.sort((x, y) => (x.part === y.part ? x.line - y.line : x.part === 'subject' ? -1 : 1));
	return {
		problems,
		render(values) {
			if (!s || !b || problems.length > 0) throw new Error('The template has problems.');
			const scope = { ...values };
			return {
				subject: String(plainEngine.renderSync(s.plain, scope)).trim(),
				text: String(plainEngine.renderSync(b.plain, scope)),
				html: paragraphs(String(htmlEngine.renderSync(b.html, scope)))
			};
		}
	};
}

/** "Body, line 3: unknown field "firstNme"". */
export function describeProblem(p: TemplateProblem): string {
	return `${p.part === 'subject' ? 'Subject' : 'Body'}, line ${p.line}: ${p.message}`;
}
