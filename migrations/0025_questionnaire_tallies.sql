CREATE TABLE "questionnaire_tallies" (
	"questionnaire_id" uuid NOT NULL,
	"question" text NOT NULL,
	"value" text NOT NULL,
	"month" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "questionnaire_tallies_questionnaire_id_question_value_month_pk" PRIMARY KEY("questionnaire_id","question","value","month")
);
--> statement-breakpoint
ALTER TABLE "questionnaire_tallies" ADD CONSTRAINT "questionnaire_tallies_questionnaire_id_questionnaires_id_fk" FOREIGN KEY ("questionnaire_id") REFERENCES "public"."questionnaires"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Answers already given, counted: each choice or rating, and each question answered at all ('').
INSERT INTO "questionnaire_tallies" ("questionnaire_id", "question", "value", "month", "n")
SELECT a."questionnaire_id", j.key, v.value, to_char(a."answered_on", 'YYYY-MM'), count(*)::int
FROM "questionnaire_answers" a
JOIN "questionnaires" q ON q."id" = a."questionnaire_id"
CROSS JOIN LATERAL jsonb_each(a."answers") j
CROSS JOIN LATERAL (
  SELECT '' AS value
  UNION ALL
  SELECT j.value #>> '{}' WHERE jsonb_typeof(j.value) IN ('string', 'number')
    AND EXISTS (SELECT 1 FROM jsonb_array_elements(q."questions") e WHERE e->>'id' = j.key AND e->>'kind' IN ('rating', 'single'))
  UNION ALL
  SELECT x FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(j.value) = 'array' THEN j.value ELSE '[]'::jsonb END) x
) v
GROUP BY 1, 2, 3, 4;
