/** A record type's name in a URL: /deleted/people, /deleted/organizations. */
export function match(param: string): param is 'people' | 'organizations' {
	return param === 'people' || param === 'organizations';
}
