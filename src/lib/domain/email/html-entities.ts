/**
 * Character references in email HTML to text. Mail programs write numeric references and a
 * small set of names (Latin-1 letters, typographic quotes and dashes); the full HTML table has
 * over 2,000 names and is not worth its weight here. An unknown name stays as written.
 */

const NAMED: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: '\u00a0',
	ensp: '\u2002',
	emsp: '\u2003',
	thinsp: '\u2009',
	zwnj: '\u200c',
	zwj: '\u200d',
	shy: '\u00ad',
	ndash: '–',
	mdash: '—',
	lsquo: '‘',
	rsquo: '’',
	sbquo: '‚',
	ldquo: '“',
	rdquo: '”',
	bdquo: '„',
	laquo: '«',
	raquo: '»',
	lsaquo: '‹',
	rsaquo: '›',
	hellip: '…',
	bull: '•',
	middot: '·',
	euro: '€',
	pound: '£',
	yen: '¥',
	cent: '¢',
	copy: '©',
	reg: '®',
	trade: '™',
	deg: '°',
	sect: '§',
	para: '¶',
	plusmn: '±',
	times: '×',
	divide: '÷',
	iexcl: '¡',
	iquest: '¿',
	dagger: '†',
	rarr: '→',
	larr: '←'
};

/** The accented letters of Latin-1, named as HTML names them: é is &eacute;. */
const ACCENTS: [string, string][] = [
	['grave', 'AEIOUaeiou', 'ÀÈÌÒÙàèìòù'],
	['acute', 'AEIOUYaeiouy', 'ÁÉÍÓÚÝáéíóúý'],
	['circ', 'AEIOUaeiou', 'ÂÊÎÔÛâêîôû'],
	['tilde', 'ANOano', 'ÃÑÕãñõ'],
	['uml', 'AEIOUaeiouy', 'ÄËÏÖÜäëïöüÿ'],
	['ring', 'Aa', 'Åå'],
	['cedil', 'Cc', 'Çç'],
	['slash', 'Oo', 'Øø']
].flatMap(([suffix, bases, letters]) =>
	[...bases].map((base, i): [string, string] => [base + suffix, letters[i]])
);

for (const [name, letter] of ACCENTS) NAMED[name] = letter;
Object.assign(NAMED, { AElig: 'Æ', aelig: 'æ', szlig: 'ß', ETH: 'Ð', eth: 'ð', THORN: 'Þ' });
Object.assign(NAMED, { thorn: 'þ', OElig: 'Œ', oelig: 'œ', Scaron: 'Š', scaron: 'š' });

const REFERENCE = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}));?/g;

export function decodeEntities(text: string): string {
	return text.replace(REFERENCE, (whole, decimal?: string, hex?: string, name?: string) => {
		if (name !== undefined) return NAMED[name] ?? whole;
		const code = decimal !== undefined ? parseInt(decimal, 10) : parseInt(hex ?? '', 16);
		// NUL, surrogates and out-of-range numbers are what the HTML spec replaces with U+FFFD.
		if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
		return String.fromCodePoint(code);
	});
}
