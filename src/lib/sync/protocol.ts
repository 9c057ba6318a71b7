/** What only the app names on the wire; the wire itself is shared with the relay in ./wire. */
import type { Role } from './wire';

/** The relay's roles under the name session/ gives them. */
export type WorkspaceRole = Role;
