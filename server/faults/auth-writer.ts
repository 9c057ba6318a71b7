// One writer of a shared auth store, for the parallel-writers test and the fault suite:
//   node --import tsx server/faults/auth-writer.ts <dataDir> <workspaceId> <invites> [revokeId...]
// Creates <invites> invites and revokes the given invites, interleaved, then prints the ids it
// created as JSON. Exits non-zero on any error.
import { AuthStore } from '../auth.ts';

const [dataDir, workspaceId, count, ...revoke] = process.argv.slice(2);
const auth = new AuthStore(dataDir);
const created: string[] = [];
const total = Number(count);
for (let i = 0; i < Math.max(total, revoke.length); i++) {
	if (i < total)
		created.push(auth.createInvite(workspaceId, 'editor', `writer ${process.pid} #${i}`).invite.id);
	if (i < revoke.length) auth.revokeInvite(workspaceId, revoke[i]);
}
process.stdout.write(JSON.stringify(created) + '\n');
