import { describe, expect, it } from 'vitest';
import { decodeEntities } from './html-entities';
import { htmlToText } from './html-to-text';

describe('htmlToText', () => {
	it('drops script, style, head and comments, including unclosed and odd-cased ones', () => {
		expect(htmlToText('<p>a</p><SCRIPT type="x">alert(1)</Script ><p>b</p>')).toBe('a\n\nb');
		expect(htmlToText('<style>p{color:red}</style>hi<!-- secret -->!')).toBe('hi!');
		expect(htmlToText('<head><title>T</title><meta charset=utf-8></head><body>x</body>')).toBe('x');
		expect(htmlToText('before<script>never shown')).toBe('before');
		expect(htmlToText('<html><head><meta charset=utf-8><BODY>Hello</body></html>')).toBe('Hello');
		expect(htmlToText('before<!-- never closed')).toBe('before');
		expect(htmlToText('<svg><text>logo</text></svg>Hello')).toBe('Hello');
	});

	it('does not mistake a ">" inside an attribute for the end of the tag', () => {
		expect(htmlToText('<img alt="a > b" src=x onerror="alert(1)">text')).toBe('text');
		expect(htmlToText(`<a title='x>y' href="https://e.com/">site</a>`)).toBe(
			'site (https://e.com/)'
		);
	});

	it('decodes entities once: escaped markup stays visible text', () => {
		expect(htmlToText('&lt;script&gt;alert(1)&lt;/script&gt;')).toBe('<script>alert(1)</script>');
		expect(htmlToText('&amp;lt;')).toBe('&lt;');
		expect(htmlToText('Caf&eacute; &#233; &#xE9; &euro;&nbsp;5 &unknown;')).toBe(
			'Café é é € 5 &unknown;'
		);
		expect(htmlToText('a < b and c > d')).toBe('a < b and c > d');
	});

	it('puts block elements, line breaks and list items on lines of their own', () => {
		expect(htmlToText('<div>one</div><div>two<br>three</div>')).toBe('one\ntwo\nthree');
		expect(htmlToText('<h1>Title</h1><p>Para one.</p><p>Para two.</p>')).toBe(
			'Title\n\nPara one.\n\nPara two.'
		);
		expect(htmlToText('<ul><li>first</li><li>second</li></ul>after')).toBe(
			'- first\n- second\n\nafter'
		);
		expect(htmlToText('<table><tr><td>Boots</td><td>89 €</td></tr></table>')).toBe('Boots 89 €');
	});

	it('collapses HTML whitespace but keeps the line breaks of <pre>', () => {
		expect(htmlToText('<p>many\n   spaces\tand\nlines</p>')).toBe('many spaces and lines');
		// Its indentation is lost: every line is trimmed, as a preview of plain text is.
		expect(htmlToText('<pre>a\n  b</pre>')).toBe('a\nb');
	});

	it('keeps a link address after its words, and only web and mail links', () => {
		expect(htmlToText('<a href="https://x.com/a?b=1&amp;c=2">offer</a>')).toBe(
			'offer (https://x.com/a?b=1&c=2)'
		);
		expect(htmlToText('<a href="https://x.com">https://x.com</a>')).toBe('https://x.com');
		expect(htmlToText('<a href="mailto:a@b.com">write to us</a>')).toBe('write to us (a@b.com)');
		expect(htmlToText('<a href="javascript:alert(1)">click</a>')).toBe('click');
	});

	it('removes the invisible padding newsletters put after their preview text', () => {
		expect(htmlToText('Sale&nbsp;&zwnj;&nbsp;&zwnj;&#8203;&shy;<p>Body</p>')).toBe('Sale\n\nBody');
	});

	it('takes linear time on hostile input', () => {
		const hostile = '<a "'.repeat(200_000) + '<'.repeat(200_000) + '<script>'.repeat(50_000);
		const started = performance.now();
		htmlToText(hostile);
		expect(performance.now() - started).toBeLessThan(2000);
	});
});

describe('decodeEntities', () => {
	it('replaces references the HTML spec forbids with U+FFFD', () => {
		expect(decodeEntities('&#0;&#xD800;&#x110000;')).toBe('\ufffd\ufffd\ufffd');
		expect(decodeEntities('&#128512;')).toBe('😀');
	});
});
