import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { idColumn } from '../../db/columns.ts';

/**
 * Every e-mail the platform sends. Without SMTP the body stays here for an admin to read at
 * /admin/outbox; with SMTP the body is dropped once sent.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: idColumn(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body'),
    attachments: jsonb('attachments').$type<Array<{ filename: string; contentType: string; content: string }>>(),
    status: text('status', { enum: ['kept', 'sending', 'sent', 'failed'] }).notNull(),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('outbox_created_idx').on(t.createdAt)],
);
