/**
 * What pages do to service requests beyond editing a field: open one, change its priority or
 * status (with the times those imply), note a reply as its first response, and read or set the
 * workspace's service levels. The writes live in $lib/data (service-requests.ts, also used as
 * dropped e-mails are logged); this is their face for ui/ and routes/.
 */
export { changePriority, changeStatus, noteReply, openRequest } from '$lib/data/service-requests';
export { serviceLevelsOf, type ServiceLevelSettings } from '$lib/data/service-levels';
