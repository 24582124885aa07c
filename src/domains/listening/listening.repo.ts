import { and, desc, eq, sql } from 'drizzle-orm';
import { type DbOrTx, part, queryRows, textArray, uuidList } from '../../db/client.ts';
import type { AnswerValue } from './listening.questions.ts';
import {
  listeningNotes,
  platformFeedback,
  type QuestionnaireStatus,
  questionnaireAnswers,
  questionnaires,
  questionnaireTallies,
} from './listening.schema.ts';

export type QuestionnaireRow = typeof questionnaires.$inferSelect;

export const insertQuestionnaire = (db: DbOrTx, row: typeof questionnaires.$inferInsert) =>
  db
    .insert(questionnaires)
    .values(row)
    .returning()
    .then((r) => r[0] as QuestionnaireRow);

export const codeTaken = async (db: DbOrTx, code: string) =>
  (await db.select({ id: questionnaires.id }).from(questionnaires).where(eq(questionnaires.code, code))).length > 0;

export const findQuestionnaire = async (db: DbOrTx, ref: { id: string } | { code: string }) =>
  (
    await db
      .select()
      .from(questionnaires)
      .where('id' in ref ? eq(questionnaires.id, ref.id) : eq(questionnaires.code, ref.code))
  )[0] ?? null;

export const updateQuestionnaire = (
  db: DbOrTx,
  id: string,
  set: Partial<Pick<QuestionnaireRow, 'title' | 'intro' | 'questions' | 'personalDataPurpose' | 'status'>>,
) =>
  db
    .update(questionnaires)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(questionnaires.id, id));

export const answerCount = async (db: DbOrTx, questionnaireId: string) =>
  (
    await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from questionnaire_answers where questionnaire_id = ${questionnaireId}`,
    )
  )[0]?.n ?? 0;

/** The questionnaires of some places, newest first, with their number of answers. */
export const listForPlaces = (db: DbOrTx, placeIds: string[]) =>
  queryRows<{
    id: string;
    code: string;
    title: string;
    status: QuestionnaireStatus;
    placeId: string;
    answers: number;
    lastAnswerOn: string | null;
    createdAt: Date;
  }>(
    db,
    sql`select q.id, q.code, q.title, q.status, q.place_id as "placeId", q.created_at as "createdAt",
          (select count(*)::int from questionnaire_answers a where a.questionnaire_id = q.id) as answers,
          (select max(a.answered_on)::text from questionnaire_answers a where a.questionnaire_id = q.id) as "lastAnswerOn"
        from questionnaires q where q.place_id in (${uuidList(placeIds)})
        order by q.created_at desc`,
  );

/** One answer: its questionnaire, the day (in France) and the values — nothing else (its ratings' sum and count come from the values). */
export const insertAnswer = (
  db: DbOrTx,
  questionnaireId: string,
  answeredOn: string,
  answers: Record<string, AnswerValue>,
  ratings: RatingTotals,
) => db.insert(questionnaireAnswers).values({ questionnaireId, answeredOn, answers, ...ratings });

export interface RatingTotals {
  ratingSum: number;
  ratingCount: number;
}

export const insertAnswers = (
  db: DbOrTx,
  questionnaireId: string,
  rows: Array<{ answeredOn: string; answers: Record<string, AnswerValue> }>,
) => (rows.length === 0 ? Promise.resolve() : db.insert(questionnaireAnswers).values(rows.map((r) => ({ questionnaireId, ...r }))));

export interface Tally {
  question: string;
  value: string;
  month: string;
  n: number;
}

/** Add answers to a questionnaire's tallies (one statement, counts summed on conflict). */
export async function addTallies(db: DbOrTx, questionnaireId: string, rows: Tally[]) {
  for (let i = 0; i < rows.length; i += 2000) {
    await db
      .insert(questionnaireTallies)
      .values(rows.slice(i, i + 2000).map((r) => ({ questionnaireId, ...r })))
      .onConflictDoUpdate({
        target: [
          questionnaireTallies.questionnaireId,
          questionnaireTallies.question,
          questionnaireTallies.value,
          questionnaireTallies.month,
        ],
        set: { n: sql`${questionnaireTallies.n} + excluded.n` },
      });
  }
}

/** A questionnaire's tallies: per question, value ('' = answered) and month, how many. */
export const tallies = (db: DbOrTx, questionnaireId: string) =>
  db
    .select({
      question: questionnaireTallies.question,
      value: questionnaireTallies.value,
      month: questionnaireTallies.month,
      n: questionnaireTallies.n,
    })
    .from(questionnaireTallies)
    .where(eq(questionnaireTallies.questionnaireId, questionnaireId))
    .orderBy(questionnaireTallies.month);

export interface TextAnswerRow {
  id: string;
  answeredOn: string;
  hidden: boolean;
  texts: Record<string, string>;
}

/** Answers that wrote something, newest first, a page at a time; hidden ones say so. */
export const textAnswers = (db: DbOrTx, questionnaireId: string, questionIds: string[], limit: number, offset: number) =>
  questionIds.length === 0
    ? Promise.resolve([])
    : queryRows<TextAnswerRow>(
        db,
        sql`select a.id, a.answered_on::text as "answeredOn", a.texts_hidden_at is not null as hidden,
              (select coalesce(jsonb_object_agg(j.key, j.value #>> '{}'), '{}'::jsonb) from jsonb_each(a.answers) j
                where j.key = any(${textArray(questionIds)})) as texts
            from questionnaire_answers a
            where a.questionnaire_id = ${questionnaireId} and a.answers ?| ${textArray(questionIds)}
            order by a.answered_on desc, a.id limit ${limit} offset ${offset}`,
      );

export const countTextAnswers = async (db: DbOrTx, questionnaireId: string, questionIds: string[]) =>
  questionIds.length === 0
    ? 0
    : ((
        await queryRows<{ n: number }>(
          db,
          sql`select count(*)::int as n from questionnaire_answers where questionnaire_id = ${questionnaireId} and answers ?| ${textArray(questionIds)}`,
        )
      )[0]?.n ?? 0);

/** Every answer of a questionnaire, oldest first (the CSV export). */
export const allAnswers = (db: DbOrTx, questionnaireId: string) =>
  db
    .select({
      answeredOn: questionnaireAnswers.answeredOn,
      answers: questionnaireAnswers.answers,
      textsHiddenAt: questionnaireAnswers.textsHiddenAt,
    })
    .from(questionnaireAnswers)
    .where(eq(questionnaireAnswers.questionnaireId, questionnaireId))
    .orderBy(questionnaireAnswers.answeredOn, questionnaireAnswers.id);

export const setTextsHidden = (db: DbOrTx, questionnaireId: string, answerId: string, hidden: boolean) =>
  db
    .update(questionnaireAnswers)
    .set({ textsHiddenAt: hidden ? new Date() : null })
    .where(and(eq(questionnaireAnswers.id, answerId), eq(questionnaireAnswers.questionnaireId, questionnaireId)))
    .returning({ id: questionnaireAnswers.id })
    .then((r) => r.length > 0);

export const insertNote = (db: DbOrTx, row: typeof listeningNotes.$inferInsert) =>
  db
    .insert(listeningNotes)
    .values(row)
    .returning()
    .then((r) => r[0] as typeof listeningNotes.$inferSelect);

export const findNote = async (db: DbOrTx, id: string) =>
  (await db.select().from(listeningNotes).where(eq(listeningNotes.id, id)))[0] ?? null;

export const deleteNote = (db: DbOrTx, id: string) => db.delete(listeningNotes).where(eq(listeningNotes.id, id));

export const notesOfPlace = (db: DbOrTx, placeId: string) =>
  db
    .select({ id: listeningNotes.id, youSaid: listeningNotes.youSaid, weDid: listeningNotes.weDid, createdAt: listeningNotes.createdAt })
    .from(listeningNotes)
    .where(eq(listeningNotes.placeId, placeId))
    .orderBy(desc(listeningNotes.createdAt));

export interface PlaceListeningRow {
  kind: 'note' | 'questionnaire';
  id: string;
  code: string | null;
  title: string | null;
  youSaid: string | null;
  weDid: string | null;
  createdAt: string;
}

/** What a place's page shows: its latest "nous avons fait" notes and its open questionnaires. */
export const placeListeningPart = (placeId: string) =>
  part<PlaceListeningRow>(
    sql`select * from (
          (select 'note' as kind, id, null as code, null as title, you_said as "youSaid", we_did as "weDid", (created_at at time zone 'Europe/Paris')::date::text as "createdAt"
             from listening_notes where place_id = ${placeId} order by created_at desc limit 5)
          union all
          (select 'questionnaire', id, code, title, null, null, (created_at at time zone 'Europe/Paris')::date::text
             from questionnaires where place_id = ${placeId} and status = 'open' order by created_at desc limit 3)
        ) s order by 1, 7 desc`,
  );

export const insertPlatformFeedback = (db: DbOrTx, row: typeof platformFeedback.$inferInsert) =>
  db
    .insert(platformFeedback)
    .values(row)
    .returning({ id: platformFeedback.id })
    .then((r) => r[0] as { id: string });

export const listPlatformFeedback = (db: DbOrTx, limit: number) =>
  queryRows<{ id: string; body: string; page: string | null; readAt: Date | null; createdAt: Date; author: string | null }>(
    db,
    sql`select f.id, f.body, f.page, f.read_at as "readAt", f.created_at as "createdAt", u.display_name as author
        from platform_feedback f left join users u on u.id = f.user_id
        order by f.created_at desc limit ${limit}`,
  );

export const markPlatformFeedbackRead = (db: DbOrTx) =>
  db.update(platformFeedback).set({ readAt: new Date() }).where(sql`${platformFeedback.readAt} is null`);

export const unreadPlatformFeedback = async (db: DbOrTx) =>
  (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from platform_feedback where read_at is null`))[0]?.n ?? 0;

/** On deleting an account with its contributions: what they told the network of the platform goes too. */
export const removePlatformFeedback = async (db: DbOrTx, userId: string) => {
  await db.delete(platformFeedback).where(eq(platformFeedback.userId, userId));
};

/** RGPD export: the notes a member wrote and what they told the network. */
export async function exportListening(db: DbOrTx, userId: string) {
  return {
    notes: await db
      .select({ youSaid: listeningNotes.youSaid, weDid: listeningNotes.weDid, createdAt: listeningNotes.createdAt })
      .from(listeningNotes)
      .where(eq(listeningNotes.createdBy, userId)),
    platformFeedback: await db
      .select({ body: platformFeedback.body, page: platformFeedback.page, createdAt: platformFeedback.createdAt })
      .from(platformFeedback)
      .where(eq(platformFeedback.userId, userId)),
  };
}
