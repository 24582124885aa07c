CREATE TABLE "service_offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"description_md" text NOT NULL,
	"description_html" text NOT NULL,
	"place_id" uuid,
	"community_id" uuid,
	"audiences" text[] DEFAULT '{}'::text[] NOT NULL,
	"conditions" text,
	"free" boolean DEFAULT true NOT NULL,
	"price" text,
	"duration" text,
	"contact_name" text,
	"department_code" text,
	"region_code" text,
	"status" text DEFAULT 'published' NOT NULL,
	"moderation_note" text,
	"created_by" uuid,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('fr_unaccent', coalesce("service_offers"."title", '')), 'A')
        || setweight(to_tsvector('fr_unaccent', "service_offers"."description_md"), 'C')) STORED,
	CONSTRAINT "service_offers_one_provider" CHECK ("service_offers"."place_id" is null or "service_offers"."community_id" is null)
);
--> statement-breakpoint
CREATE TABLE "service_request_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"author_id" uuid,
	"body" text NOT NULL,
	"status_change" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"offer_id" uuid NOT NULL,
	"requester_id" uuid NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"refusal_reason" text,
	"rating" integer,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	"answered_by" uuid,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_requests_rating" CHECK ("service_requests"."rating" is null or "service_requests"."rating" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('fr_unaccent', coalesce("events"."title", '')), 'A')
        || setweight(to_tsvector('fr_unaccent', coalesce("events"."venue_name", '') || ' ' || coalesce("events"."commune", '')), 'B')
        || setweight(to_tsvector('fr_unaccent', "events"."description_md"), 'C')) STORED;--> statement-breakpoint
ALTER TABLE "service_offers" ADD CONSTRAINT "service_offers_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_offers" ADD CONSTRAINT "service_offers_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_offers" ADD CONSTRAINT "service_offers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_request_messages" ADD CONSTRAINT "service_request_messages_request_id_service_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."service_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_request_messages" ADD CONSTRAINT "service_request_messages_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_offer_id_service_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."service_offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_requester_id_users_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "service_offers_slug_key" ON "service_offers" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "service_offers_place_idx" ON "service_offers" USING btree ("place_id");--> statement-breakpoint
CREATE INDEX "service_offers_community_idx" ON "service_offers" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "service_offers_search_idx" ON "service_offers" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "service_request_messages_request_idx" ON "service_request_messages" USING btree ("request_id","created_at");--> statement-breakpoint
CREATE INDEX "service_requests_offer_idx" ON "service_requests" USING btree ("offer_id","created_at");--> statement-breakpoint
CREATE INDEX "service_requests_requester_idx" ON "service_requests" USING btree ("requester_id","created_at");--> statement-breakpoint
CREATE INDEX "events_search_idx" ON "events" USING gin ("search_vector");