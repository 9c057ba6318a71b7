/** A record type's collection name in a URL: /deleted/people, /deleted/organizations. */
import { recordTypeOfCollection, type CollectionName } from '$lib/domain/record-types';

export function match(param: string): param is CollectionName {
	return recordTypeOfCollection(param) !== undefined;
}
