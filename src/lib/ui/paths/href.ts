/**
 * A link to a path known only at run time ('/deals/<id>', a palette command's target), with the
 * app's base path in front. SvelteKit's `resolve` types a route per overload; TypeScript stops
 * spreading a union over overloads at 25 members, so a `Pathname` variable stops compiling at
 * the 26th route. Paths written literally keep using `resolve` and its checks.
 */
import { resolve } from '$app/paths';
import type { Pathname } from '$app/types';

const resolvePathname = resolve as (path: Pathname) => string;

export function hrefOf(path: Pathname): string {
	return resolvePathname(path);
}
