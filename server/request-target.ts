// The request target of an HTTP request, parsed without throwing. A target is whatever bytes a
// client put after the method (`//[`, `http://a:b@[::1`, `*`); only an origin-form target
// (`/path?query`) is served, anything else is answered 400.

export interface RequestTarget {
	pathname: string;
	query: URLSearchParams;
}

export function parseTarget(raw: string | undefined): RequestTarget | null {
	if (!raw || raw[0] !== '/' || raw.startsWith('//')) return null;
	const hash = raw.indexOf('#');
	const target = hash === -1 ? raw : raw.slice(0, hash);
	const question = target.indexOf('?');
	const pathname = question === -1 ? target : target.slice(0, question);
	try {
		return {
			pathname,
			query: new URLSearchParams(question === -1 ? '' : target.slice(question + 1))
		};
	} catch {
		return null;
	}
}
