DROP INDEX "places_published_id_idx";--> statement-breakpoint
CREATE INDEX "users_verified_idx" ON "users" USING btree ("id") WHERE "users"."email_verified_at" is not null;--> statement-breakpoint
CREATE INDEX "documents_published_kind_idx" ON "documents" USING btree ("kind") WHERE "documents"."published_at" is not null and "documents"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "questionnaire_answers_ratings_idx" ON "questionnaire_answers" USING btree ("answered_on","questionnaire_id","rating_sum","rating_count") WHERE "questionnaire_answers"."rating_count" > 0;--> statement-breakpoint
CREATE INDEX "places_published_region_idx" ON "places" USING btree ("region_code","id") WHERE "places"."status" = 'published' and "places"."deleted_at" is null;