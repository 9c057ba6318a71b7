/**
 * The words column headers are matched against, after normalizeHeader (lower case, no spaces,
 * punctuation or accents): English, with a few common German, French and Spanish words, and
 * the exact column sets of the Google Contacts and Outlook exports. E-mails, phones, addresses
 * and columns no type imports are read the same for every type; the words of each type's own
 * fields are in its declaration (record-types/*-import.ts, shared ones in import-words.ts).
 */
import type { AddressPart } from './targets';

const words = (...w: string[]) => new Set(w);

/** Columns with no field of their own but worth keeping: a line in the notes. */
export const NOTE_LINES = words(
	'nickname',
	'birthday',
	'anniversary',
	'department',
	'organizationdepartment',
	'organization1department',
	'spouse',
	'occupation',
	'profession'
);

/** Known export columns that hold nothing a CRM record needs. */
export const IGNORED =
	/^(email\d*(type|displayname)|website\d*(label|type)|organization\d*(type|yomi.*|symbol|location|jobdescription)|phonetic.*|.*yomi|namesuffix|nameprefix|suffix|initials|fileas|photo|gender|priority|sensitivity|private|mileage|billinginformation|directoryserver|internetfreebusy|user\d|account|location|officelocation|governmentidnumber|organizationalidnumber|managersname|assistantsname|shortname|maidenname|subject|language|children)$/;

export const PHONE_LABELS: [RegExp, string][] = [
	[/^(mobile|cell|cellular|handy|mobil|portable|movil)/, 'mobile'],
	[/^(work|business|office|company|companymain|dienst|gesch)/, 'work'],
	[/^(home|private|personal|privat)/, 'home'],
	[/^(pager)/, 'pager'],
	[/^(main|primary)/, 'main'],
	[/^(assistants?)/, 'assistant'],
	[/^(car)/, 'car'],
	[/^(other)/, 'other']
];

/** Outlook's phone columns, label by label. */
export const OUTLOOK_PHONES: Record<string, string> = {
	assistantsphone: 'assistant',
	businessfax: 'work fax',
	businessphone: 'work',
	businessphone2: 'work',
	callback: 'callback',
	carphone: 'car',
	companymainphone: 'company',
	homefax: 'home fax',
	homephone: 'home',
	homephone2: 'home',
	isdn: 'isdn',
	mobilephone: 'mobile',
	otherfax: 'fax',
	otherphone: 'other',
	pager: 'pager',
	primaryphone: 'main',
	radiophone: 'radio',
	ttytddphone: 'tty',
	telex: 'telex'
};

export const ADDRESS_PARTS: [RegExp, AddressPart | 'formatted' | 'extra'][] = [
	[
		/^(street|streetaddress|address|addressline1|address1|line1|strasse|adresse|rue|calle|direccion)$/,
		'street'
	],
	[
		/^(street[23]|addressline[23]|line[23]|extendedaddress|pobox|addresspobox|postbox|postfach)$/,
		'extra'
	],
	[/^(city|town|locality|ort|stadt|ville|ciudad|localidad)$/, 'city'],
	[/^(region|state|province|county|bundesland|stateprovince|provincia)$/, 'region'],
	[
		/^(postcode|postalcode|zip|zipcode|postcodezip|plz|postleitzahl|codepostal|cp|codigopostal)$/,
		'postcode'
	],
	[/^(country|countryregion|land|pays|pais|countrycode)$/, 'country'],
	[/^(formatted|formattedaddress|fulladdress)$/, 'formatted'],
	[/^(label|type)$/, 'label']
];

export const ADDRESS_PREFIXES: [RegExp, string][] = [
	[/^(business|work|office|company|billing)/, 'work'],
	[/^(home|private|personal|privat)/, 'home'],
	[/^(shipping|delivery)/, 'shipping'],
	[/^(mailing|postal)/, 'mailing'],
	[/^(other)/, 'other']
];
