import { desc } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { canReadOutbox } from '../accounts/accounts.policy.ts';
import { outbox } from './mail.schema.ts';

/** The latest e-mails, for admins (without SMTP this is how sign-up links reach people). */
export async function listOutbox(deps: Deps, viewer: Viewer | null, limit = 100) {
  if (!canReadOutbox(viewer)) {
    throw new AppError('FORBIDDEN', { message: 'admins only', userMessage: 'errors.forbidden' });
  }
  return deps.db.select().from(outbox).orderBy(desc(outbox.createdAt)).limit(limit);
}
