/**
 * Where a record type's screens are: its list at /<collection> and a record at
 * /<collection>/<id>, as the "Recently deleted" URLs (/deleted/<collection>) name it too. Screens
 * shared by every type (Recently deleted, duplicates) link through these; routes.test.ts checks
 * that every declared type has both pages.
 */
import type { Pathname } from '$app/types';
import { hrefOf } from '$lib/ui/paths/href';
import type { AnyRecordType } from '$lib/domain/record-types';

type Located = Pick<AnyRecordType, 'collection'>;

/** The type's list page ('/deals'). */
export function listHref(type: Located): string {
	return hrefOf(`/${type.collection}` as Pathname);
}

/** A record's page ('/deals/<id>'). */
export function recordHref(type: Located, id: string): string {
	return hrefOf(`/${type.collection}/${encodeURIComponent(id)}` as Pathname);
}

/** The type's list as the navigation and the tabs name it ('Deals'). */
export function listLabel(type: Pick<AnyRecordType, 'nouns'>): string {
	const many = type.nouns[1];
	return many.charAt(0).toUpperCase() + many.slice(1);
}
