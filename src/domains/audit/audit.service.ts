import type { DbOrTx } from '../../db/client.ts';
import { auditEvents } from './audit.schema.ts';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  payload?: Record<string, unknown>;
}

/** Append one event to the log, in the caller's transaction. Never pass passwords or tokens. */
export async function recordEvent(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values({
    actorId: entry.actorId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId ?? null,
    payload: entry.payload ?? {},
  });
}
