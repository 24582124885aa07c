ALTER TABLE "documents" ADD COLUMN "rank_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('fr_unaccent', "documents"."title"), 'A')
        || setweight(to_tsvector('fr_unaccent', "documents"."summary"), 'B')) STORED;--> statement-breakpoint
CREATE INDEX "documents_rank_idx" ON "documents" USING gin ("rank_vector");--> statement-breakpoint
CREATE INDEX "documents_title_key_idx" ON "documents" USING btree (trim(regexp_replace(tisserin_unaccent(lower("title")), '[^a-z0-9]+', ' ', 'g')));