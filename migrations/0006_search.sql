ALTER TABLE "community_posts" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('fr_unaccent', "community_posts"."title"), 'A')
        || setweight(to_tsvector('fr_unaccent', "community_posts"."body_md"), 'C')) STORED;--> statement-breakpoint
CREATE INDEX "community_posts_search_idx" ON "community_posts" USING gin ("search_vector");