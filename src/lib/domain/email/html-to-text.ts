/**
 * The HTML body of a message to plain text, for messages that carry no text/plain part.
 *
 * A scanner, not a DOM: it must run under Node as well as in the browser, and parsing hostile
 * HTML into a document is exactly what this avoids. Nothing it returns is meant to be rendered
 * as HTML; the text of script, style and head never reaches it at all. Postal-mime's own
 * converter keeps the text of <style>, which is why this one exists.
 */
import { decodeEntities } from './html-entities';

/** Elements whose content is never shown as text. */
const HIDDEN = new Set(['script', 'style', 'head', 'title', 'template', 'svg', 'math', 'object']);
/** Elements that start and end a line of their own. */
const BLOCK = new Set(
	(
		'address article aside blockquote caption center dd div dl dt fieldset figcaption figure ' +
		'footer form h1 h2 h3 h4 h5 h6 header hr legend main nav ol p pre section table tbody ' +
		'tfoot thead tr ul'
	).split(' ')
);
/** Blocks followed by an empty line, as a paragraph reads in a mail program. */
const PARAGRAPH = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'table', 'ul']);

/**
 * Where a block starts or ends. Adjacent blocks (</div><div>) must give one line break, not
 * two, so breaks are marked while scanning and merged by tidy(); a <br> is a real '\n'.
 */
const LINE_BREAK = '\ue001';
const PARAGRAPH_BREAK = '\ue002';
const BREAKS = /[\s\ue001\ue002]*[\ue001\ue002][\s\ue001\ue002]*/g;

/** Invisible characters newsletters pad their preview text with. */
const INVISIBLE = /\u00ad|\u034f|[\u200b-\u200d]|\u2060|\ufeff/g;

export function htmlToText(html: string): string {
	const out: string[] = [];
	let pre = 0;
	let link: { href: string; start: number } | null = null;
	let at = 0;

	while (at < html.length) {
		const open = html.indexOf('<', at);
		const textEnd = open < 0 ? html.length : open;
		if (textEnd > at) out.push(text(html.slice(at, textEnd), pre > 0));
		if (open < 0) break;

		if (html.startsWith('<!--', open)) {
			const close = html.indexOf('-->', open + 4);
			at = close < 0 ? html.length : close + 3;
			continue;
		}
		const tag = readTag(html, open);
		if (!tag) {
			// A lone '<' (as in "a < b") is text.
			out.push('<');
			at = open + 1;
			continue;
		}
		at = tag.end;
		const name = tag.name;

		if (!tag.closing && HIDDEN.has(name)) {
			// Skip to its end tag; an unclosed <script> hides everything after it, never shows it.
			const close = closingTag(name);
			close.lastIndex = at;
			const found = close.exec(html);
			at = found ? found.index + found[0].length : html.length;
			continue;
		}
		if (name === 'br') out.push('\n');
		else if (name === 'li' && !tag.closing) out.push('\n- ');
		else if ((name === 'td' || name === 'th') && !tag.closing) out.push(' ');
		else if (name === 'hr') out.push('\n---\n');
		else if (name === 'pre') pre = Math.max(0, pre + (tag.closing ? -1 : 1));
		if (BLOCK.has(name)) out.push(PARAGRAPH.has(name) ? PARAGRAPH_BREAK : LINE_BREAK);

		if (name === 'a' && !tag.closing) {
			const href = attribute(tag.source, 'href');
			link = href && /^(https?:|mailto:)/i.test(href) ? { href, start: out.length } : null;
		} else if (name === 'a' && link) {
			// The address after the words that link to it, unless the words already are the address.
			const words = out.slice(link.start).join('').trim();
			const target = link.href.replace(/^mailto:/i, '');
			if (words && !words.includes(target)) out.push(` (${target})`);
			link = null;
		}
	}
	return tidy(out.join(''));
}

type Tag = { name: string; closing: boolean; source: string; end: number };

const closers = new Map<string, RegExp>();

/** Where a hidden element ends. Built once per name: a page can hold thousands of <style>s. */
function closingTag(name: string): RegExp {
	let close = closers.get(name);
	if (!close) {
		// A <head> left open (sloppy mailers do) ends where the body starts, as in a browser.
		const end = name === 'head' ? String.raw`</head\s*>|(?=<body\b)` : `</${name}\\s*>`;
		close = new RegExp(end, 'ig');
		closers.set(name, close);
	}
	return close;
}

/** '<' and a tag name, read in place (sticky) rather than from a copy of the text. */
const TAG_HEAD = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/y;

/** The tag starting at `open`, honouring quoted attribute values that contain '>'. */
function readTag(html: string, open: number): Tag | null {
	TAG_HEAD.lastIndex = open;
	const head = TAG_HEAD.exec(html);
	if (!head) {
		// <!DOCTYPE>, <?xml?> and other declarations: skip to their end.
		if (html[open + 1] === '!' || html[open + 1] === '?') {
			const close = html.indexOf('>', open);
			const end = close < 0 ? html.length : close + 1;
			return { name: '!', closing: false, source: '', end };
		}
		return null;
	}
	let quote = '';
	for (let i = open + head[0].length; i < html.length; i++) {
		const char = html[i];
		if (quote) {
			if (char === quote) quote = '';
		} else if (char === '"' || char === "'") quote = char;
		else if (char === '>') {
			const source = html.slice(open, i + 1);
			return { name: head[2].toLowerCase(), closing: head[1] === '/', source, end: i + 1 };
		}
	}
	// A tag that never closes: the rest is inside it, not text.
	return { name: head[2].toLowerCase(), closing: head[1] === '/', source: '', end: html.length };
}

function attribute(source: string, name: string): string | null {
	const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(
		source
	);
	if (!match) return null;
	return decodeEntities(match[1] ?? match[2] ?? match[3]).trim();
}

/** Text between tags: HTML collapses its whitespace, except inside <pre>. */
function text(raw: string, keepWhitespace: boolean): string {
	const decoded = decodeEntities(keepWhitespace ? raw : raw.replace(/\s+/g, ' '));
	// The break markers are private-use characters, which have no meaning in a message.
	return decoded.replace(INVISIBLE, '').replace(/[\ue001\ue002]/g, '');
}

function tidy(text: string): string {
	return text
		.replace(/\r\n?/g, '\n')
		.replace(BREAKS, (run) => {
			const lines = Math.max(run.split('\n').length - 1, run.includes(PARAGRAPH_BREAK) ? 2 : 1);
			return '\n'.repeat(lines);
		})
		.replace(/\u00a0/g, ' ')
		.split('\n')
		.map((line) => line.replace(/[ \t]+$/, '').replace(/^ +/, ''))
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}
