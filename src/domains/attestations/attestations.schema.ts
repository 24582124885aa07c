import { date, index, jsonb, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { idColumn } from '../../db/columns.ts';
import { users } from '../accounts/accounts.schema.ts';

/** What an attestation says, as it was when delivered (its page shows exactly this). */
export interface AttestationContent {
  holder: string;
  network: string;
  totals: { minutes: number; count: number };
  byKind: Array<{ kind: string; minutes: number; count: number }>;
  byPlace: Array<{ name: string; minutes: number; count: number }>;
  contributions: Array<{
    kind: string;
    startedOn: string;
    endedOn: string | null;
    minutes: number | null;
    place: string | null;
    project: string | null;
    description: string;
    confirmedBy: string | null;
    recordedByTisserin: boolean;
  }>;
  badges: Array<{ name: string; awardedOn: string; verifyUrl: string }>;
}

/**
 * An attestation of confirmed contributions over a period, delivered to its holder as a PDF to
 * hand to a principal or an employer; its QR code leads to a page listing what it attests.
 * The id is random: only those given the document or its link find the page.
 */
export const attestations = pgTable(
  'attestations',
  {
    id: idColumn(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    content: jsonb('content').$type<AttestationContent>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('attestations_member_idx').on(t.memberId, t.createdAt)],
);
