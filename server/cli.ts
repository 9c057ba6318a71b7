// Administration of a relay's data directory: `npm run relay -- <command>`.
// Works while the relay runs (it picks up auth changes within a second). With DATABASE_URL the
// auth commands work on PostgreSQL's tables, as the relay processes do.
import { AuthError, AuthStore, type Auth } from './auth.ts';
import { backup } from './backup.ts';
import { loadConfig, type RelayConfig } from './config.ts';
import { PgAuthStore } from './pg-auth.ts';

const USAGE = `Usage: npm run relay -- <command>   (DATA_DIR selects the data directory, default ./data;
                                     DATABASE_URL, when set, the PostgreSQL database)

  create-workspace <name> [--id <id>] [--member <name>]
      Creates a workspace and prints its id and an owner token.
  invite <workspaceId> <owner|editor|viewer> [--label <text>]
      Creates an invite token with that role.
  list
      Lists workspaces.
  invites <workspaceId>
      Lists a workspace's invites (tokens are never shown again).
  revoke <workspaceId> <inviteId>
      Revokes an invite; its live connections are closed (4403).
  backup <dir>
      Writes a consistent copy of every workspace and the auth store to <dir>;
      start a relay from it with DATA_DIR=<dir>. With DATABASE_URL it copies the
      files (attached files, settings, ledgers); back up PostgreSQL with pg_dump.
`;

function takeOption(args: string[], name: string): string | undefined {
	const at = args.indexOf(name);
	if (at === -1) return undefined;
	const value = args[at + 1];
	if (value === undefined) throw new AuthError(400, `${name} needs a value`);
	args.splice(at, 2);
	return value;
}

function need(args: string[], count: number): void {
	if (args.length !== count) throw new AuthError(400, 'wrong number of arguments');
}

/** Runs `use` on the relay's auth store: auth.json, or PostgreSQL's tables with DATABASE_URL. */
async function withAuth<T>(config: RelayConfig, use: (auth: Auth) => T | Promise<T>): Promise<T> {
	if (!config.databaseUrl) return use(new AuthStore(config.dataDir));
	const auth = new PgAuthStore(config.databaseUrl);
	try {
		await auth.start();
		return await use(auth);
	} finally {
		await auth.close();
	}
}

async function main(argv: string[]): Promise<number> {
	const [command, ...args] = argv;
	const config = loadConfig();
	const auth = <T>(use: (auth: Auth) => T | Promise<T>) => withAuth(config, use);
	switch (command) {
		case 'create-workspace': {
			const id = takeOption(args, '--id');
			const member = takeOption(args, '--member');
			need(args, 1);
			const { workspace, token } = await auth((a) =>
				a.createWorkspace({ id, name: args[0], ownerLabel: member })
			);
			console.log(`workspace ${workspace.id} "${workspace.name}"`);
			console.log(`owner token: ${token}`);
			return 0;
		}
		case 'invite': {
			const label = takeOption(args, '--label');
			need(args, 2);
			const { invite, token } = await auth((a) => a.createInvite(args[0], args[1], label));
			console.log(`invite ${invite.id} (${invite.role})`);
			console.log(`token: ${token}`);
			return 0;
		}
		case 'list': {
			need(args, 0);
			for (const w of await auth((a) => a.listWorkspaces()))
				console.log(`${w.id}\t${w.createdAt}\t${w.name}`);
			return 0;
		}
		case 'invites': {
			need(args, 1);
			for (const i of await auth((a) => a.listInvites(args[0]))) {
				const state = i.revokedAt ? `revoked ${i.revokedAt}` : 'active';
				console.log(`${i.id}\t${i.role}\t${state}\t${i.createdAt}\t${i.label}`);
			}
			return 0;
		}
		case 'revoke': {
			need(args, 2);
			const invite = await auth((a) => a.revokeInvite(args[0], args[1]));
			console.log(`revoked ${invite.id} at ${invite.revokedAt}`);
			return 0;
		}
		case 'backup': {
			need(args, 1);
			const result = await backup(config.dataDir, args[0]);
			console.log(
				`backed up ${result.workspaces} workspaces, ${result.documents} documents (${result.bytes} bytes) to ${result.target}`
			);
			if (config.databaseUrl) {
				// What is still in DATA_DIR (SMTP settings, ledgers) is copied.
				console.log(
					'documents, auth, attached files and calendar links are in PostgreSQL (DATABASE_URL): back them up with pg_dump'
				);
			}
			return 0;
		}
		case undefined:
		case 'help':
		case '--help':
			console.log(USAGE);
			return command === undefined ? 1 : 0;
		default:
			console.error(`unknown command "${command}"\n\n${USAGE}`);
			return 1;
	}
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(error: unknown) => {
		if (error instanceof AuthError) {
			console.error(`error: ${error.message}`);
			if (error.message === 'wrong number of arguments') console.error(`\n${USAGE}`);
		} else console.error(error);
		process.exit(1);
	}
);
