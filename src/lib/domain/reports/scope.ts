/**
 * What a dashboard's owner, team, pipeline and segment filters keep of each record type, said
 * once so every report narrows the same way: a deal by its owner, pipeline and people; an
 * interaction by its members and people; a request by its assignee and requester.
 */
import { StageLookup } from '../forecast/stage-lookup';
import type { DealRow, InteractionRow, RequestRow } from '../record-types';
import type { ReportFilters } from './report';

/** True when one of `ids` is in the segment (or there is no segment filter). */
function inSegment(people: ReadonlySet<string> | null, ...ids: (string | null)[]): boolean {
	if (people === null) return true;
	for (const id of ids) if (id !== null && people.has(id)) return true;
	return false;
}

/** True when the member is in the filters' team (or there is no team filter). */
export function inTeam(f: ReportFilters, memberId: string | null): boolean {
	const team = f.teamMembers;
	return !team || (memberId !== null && team.has(memberId));
}

export function dealInScope(
	d: Pick<DealRow, 'ownerId' | 'pipelineId' | 'personId' | 'peopleIds'>,
	f: ReportFilters,
	stages: StageLookup
): boolean {
	if (f.ownerId !== null && d.ownerId !== f.ownerId) return false;
	if (!inTeam(f, d.ownerId)) return false;
	if (f.pipelineId !== null && stages.pipelineOf(d.pipelineId) !== f.pipelineId) return false;
	return f.segmentPeople === null || inSegment(f.segmentPeople, d.personId, ...d.peopleIds);
}

export function interactionInScope(
	i: Pick<InteractionRow, 'memberIds' | 'personIds'>,
	f: ReportFilters
): boolean {
	if (f.ownerId !== null && !i.memberIds.includes(f.ownerId)) return false;
	if (f.teamMembers && !i.memberIds.some((m) => inTeam(f, m))) return false;
	return f.segmentPeople === null || inSegment(f.segmentPeople, ...i.personIds);
}

export function requestInScope(
	r: Pick<RequestRow, 'assigneeId' | 'requesterId'>,
	f: ReportFilters
): boolean {
	if (f.ownerId !== null && r.assigneeId !== f.ownerId) return false;
	if (!inTeam(f, r.assigneeId)) return false;
	return inSegment(f.segmentPeople, r.requesterId);
}

/** What dealInScope (and the others) read of the filters, for a kept computation's context. */
export function scopeContext(f: ReportFilters): unknown[] {
	return [f.ownerId, f.teamMembers ?? null, f.pipelineId, f.segmentPeople];
}
