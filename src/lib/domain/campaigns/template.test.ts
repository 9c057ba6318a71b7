import { describe, expect, it } from 'vitest';
import { checkTemplate, describeProblem, paragraphs, toLiquid } from './template';

const KNOWN = ['firstName', 'lastName', 'organization', 'favouriteCategory'];

describe('campaign templates', () => {
	it('renders each recipient their own values in text and HTML', () => {
		const t = checkTemplate(
			'Hello {{ firstName }}',
			'Dear {{firstName}},\nyou like {{ favouriteCategory }}.\n\nSee you!',
			KNOWN
		);
		expect(t.problems).toEqual([]);
		const m = t.render({ firstName: 'Ada', favouriteCategory: 'vegetarian' });
		expect(m.subject).toBe('Hello Ada');
		expect(m.text).toBe('Dear Ada,\nyou like vegetarian.\n\nSee you!');
		expect(m.html).toBe('<p>Dear Ada,<br>\nyou like vegetarian.</p>\n<p>See you!</p>');
	});

	it('escapes every value in HTML, and the text as it is', () => {
		const t = checkTemplate('Hi {{firstName}}', 'Dear {{ firstName }} of {{organization}}', KNOWN);
		const m = t.render({ firstName: '<script>alert(1)</script>', organization: `Tom & "Jerry's"` });
		expect(m.html).toBe(
			'<p>Dear &lt;script&gt;alert(1)&lt;/script&gt; of Tom &amp; &#34;Jerry&#39;s&#34;</p>'
		);
		expect(m.html).not.toContain('<script>');
		expect(m.text).toBe(`Dear <script>alert(1)</script> of Tom & "Jerry's"`);
		expect(m.subject).toBe('Hi <script>alert(1)</script>');
	});

	it("escapes the template's own text in HTML", () => {
		const m = checkTemplate('x', 'Fish & chips <b>now</b>', KNOWN).render({});
		expect(m.html).toBe('<p>Fish &amp; chips &lt;b&gt;now&lt;/b&gt;</p>');
		expect(m.text).toBe('Fish & chips <b>now</b>');
	});

	it('renders a missing value empty, and the fallback for it in both syntaxes', () => {
		const t = checkTemplate(
			'x',
			'Dear {{firstName | "friend"}}, {{ lastName }}|{{ organization | default: "you" }}',
			KNOWN
		);
		expect(t.problems).toEqual([]);
		expect(t.render({}).text).toBe('Dear friend, |you');
		expect(t.render({ firstName: '', organization: '' }).text).toBe('Dear friend, |you');
		expect(t.render({ firstName: 'Ben', organization: 'Acme' }).text).toBe('Dear Ben, |Acme');
		// The fallback is escaped in HTML like any value.
		expect(checkTemplate('x', '{{ firstName | "<you>" }}', KNOWN).render({}).html).toBe(
			'<p>&lt;you&gt;</p>'
		);
	});

	it('rewrites only fallbacks inside outputs', () => {
		expect(toLiquid('a | "b" {{ x | "y" }} {{ x | default: "z" }}')).toBe(
			'a | "b" {{ x | default: "y" }} {{ x | default: "z" }}'
		);
	});

	it('flags unknown fields with their part and line, and refuses to render', () => {
		const t = checkTemplate(
			'Hi {{ frstName }}',
			'Dear {{firstName}},\n\n{{ favoriteCategory }}',
			KNOWN
		);
		expect(t.problems.map(describeProblem)).toEqual([
			'Subject, line 1: unknown field "frstName"',
			'Body, line 3: unknown field "favoriteCategory"'
		]);
		expect(() => t.render({})).toThrow();
	});

	it('flags syntax errors with their line', () => {
		const open = checkTemplate('x', 'Dear\n{{ firstName ', KNOWN);
		expect(open.problems).toHaveLength(1);
		expect(open.problems[0]).toMatchObject({ part: 'body', line: 2 });
		expect(open.problems[0].message).toMatch(/not closed/);
		const filter = checkTemplate('x', 'a\nb\n{{ firstName | shout }}', KNOWN);
		expect(filter.problems.map(describeProblem)).toEqual(['Body, line 3: unknown filter: shout']);
	});

	it('makes paragraphs from blank lines', () => {
		expect(paragraphs('a\nb\n\n\n c \n\n')).toBe('<p>a<br>\nb</p>\n<p>c</p>');
	});
});
