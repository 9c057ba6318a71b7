/** A problem found when a record is read: the record is still shown, with this warning. */
export interface RecordIssue {
	field: string;
	message: string; // human readable: what is wrong, and what was shown instead
	raw: unknown; // the value as stored, never thrown away
}

export interface Validated<T> {
	value: T;
	issues: RecordIssue[];
}
