import { isAdmin, type Viewer } from '../../lib/viewer.ts';

/** Who brings files of places in: the command line (run on the server) or an administrator. */
export type Actor = Viewer | { system: true };

export const isSystem = (actor: Actor | null): actor is { system: true } => !!actor && 'system' in actor;

/** Importing writes published places at once, past moderation: administrators only. */
export const canImport = (actor: Actor | null): boolean => isSystem(actor) || (!!actor && isAdmin(actor) && actor.emailVerified);
