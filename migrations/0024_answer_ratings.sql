ALTER TABLE "questionnaire_answers" ADD COLUMN "rating_sum" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "questionnaire_answers" ADD COLUMN "rating_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "places_published_id_idx" ON "places" USING btree ("id") WHERE "places"."status" = 'published' and "places"."deleted_at" is null;--> statement-breakpoint
-- Answers already given: their ratings summed from their questionnaire's rating questions.
UPDATE "questionnaire_answers" a SET "rating_sum" = r.s, "rating_count" = r.n
FROM (
  SELECT a2."id", coalesce(sum((a2."answers"->>(e->>'id'))::int), 0)::int AS s, count(a2."answers"->(e->>'id'))::int AS n
  FROM "questionnaire_answers" a2 JOIN "questionnaires" q ON q."id" = a2."questionnaire_id"
  CROSS JOIN LATERAL jsonb_array_elements(q."questions") e
  WHERE e->>'kind' = 'rating' AND jsonb_typeof(a2."answers"->(e->>'id')) = 'number'
  GROUP BY a2."id"
) r
WHERE r."id" = a."id";
