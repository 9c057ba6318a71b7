/** What a segment of people may test: the person row's fields and the derived ones. */
import { person } from '../record-types';
import type { SegmentFields } from './definition';
import { PERSON_DERIVED_FIELDS } from './derived';

export const PERSON_SEGMENT_FIELDS: SegmentFields = {
	...person.segmentFields,
	...PERSON_DERIVED_FIELDS
};
