CREATE TABLE "publications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"body_md" text NOT NULL,
	"body_html" text NOT NULL,
	"cover_key" text,
	"cover_alt" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"author_id" uuid,
	"place_id" uuid,
	"community_id" uuid,
	"status" text DEFAULT 'published' NOT NULL,
	"moderation_note" text,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('fr_unaccent', "publications"."title"), 'A')
        || setweight(to_tsvector('fr_unaccent', "publications"."summary"), 'B')
        || setweight(to_tsvector('fr_unaccent', "publications"."body_md"), 'C')) STORED,
	CONSTRAINT "publications_one_publisher" CHECK ("publications"."place_id" is null or "publications"."community_id" is null)
);
--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "publications_slug_key" ON "publications" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "publications_published_idx" ON "publications" USING btree ("status","published_at");--> statement-breakpoint
CREATE INDEX "publications_community_idx" ON "publications" USING btree ("community_id","published_at");--> statement-breakpoint
CREATE INDEX "publications_place_idx" ON "publications" USING btree ("place_id","published_at");--> statement-breakpoint
CREATE INDEX "publications_tags_idx" ON "publications" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "publications_search_idx" ON "publications" USING gin ("search_vector");--> statement-breakpoint
-- A community's posts become publications in its name (same ids, so links and notifications keep working).
INSERT INTO "publications" ("id", "slug", "title", "summary", "body_md", "body_html", "author_id", "community_id", "published_at", "updated_at")
SELECT cp."id",
  left(coalesce(nullif(trim(both '-' from regexp_replace(lower(unaccent(cp."title")), '[^a-z0-9]+', '-', 'g')), ''), 'publication'), 80)
    || '-' || left(replace(cp."id"::text, '-', ''), 6),
  cp."title", '', cp."body_md", cp."body_html", cp."author_id", cp."community_id", cp."published_at", cp."published_at"
FROM "community_posts" cp;
