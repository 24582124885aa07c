CREATE TABLE "community_indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"label" text NOT NULL,
	"unit" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "impact_figures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"indicator" text NOT NULL,
	"period" text NOT NULL,
	"year" integer NOT NULL,
	"value" numeric(14, 2) NOT NULL,
	"source" text NOT NULL,
	"entered_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "impact_figures_value" CHECK ("impact_figures"."value" >= 0)
);
--> statement-breakpoint
CREATE TABLE "impact_places" (
	"place_id" uuid PRIMARY KEY NOT NULL,
	"figures_public" boolean DEFAULT true NOT NULL,
	"counted_region" text
);
--> statement-breakpoint
CREATE TABLE "impact_totals" (
	"region_code" text NOT NULL,
	"indicator" text NOT NULL,
	"period" text NOT NULL,
	"total" numeric(16, 2) NOT NULL,
	"figures" integer NOT NULL,
	CONSTRAINT "impact_totals_region_code_indicator_period_pk" PRIMARY KEY("region_code","indicator","period")
);
--> statement-breakpoint
ALTER TABLE "community_indicators" ADD CONSTRAINT "community_indicators_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_indicators" ADD CONSTRAINT "community_indicators_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_figures" ADD CONSTRAINT "impact_figures_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "impact_figures" ADD CONSTRAINT "impact_figures_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "community_indicators_community_idx" ON "community_indicators" USING btree ("community_id");--> statement-breakpoint
CREATE UNIQUE INDEX "impact_figures_key" ON "impact_figures" USING btree ("place_id","indicator","period");--> statement-breakpoint
CREATE INDEX "impact_figures_year_idx" ON "impact_figures" USING btree ("year","indicator");