DROP INDEX "documents_title_key_idx";--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "title_key" text GENERATED ALWAYS AS (trim(regexp_replace(tisserin_unaccent(lower("documents"."title")), '[^a-z0-9]+', ' ', 'g'))) STORED;--> statement-breakpoint
CREATE INDEX "documents_title_key_idx" ON "documents" USING btree ("title_key");