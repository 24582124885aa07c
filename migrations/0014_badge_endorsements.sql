CREATE TABLE "badge_endorsements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"award_id" uuid NOT NULL,
	"endorser_id" uuid NOT NULL,
	"comment" text NOT NULL,
	"credential" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "badge_endorsements" ADD CONSTRAINT "badge_endorsements_award_id_badge_awards_id_fk" FOREIGN KEY ("award_id") REFERENCES "public"."badge_awards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_endorsements" ADD CONSTRAINT "badge_endorsements_endorser_id_users_id_fk" FOREIGN KEY ("endorser_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "badge_endorsements_once_key" ON "badge_endorsements" USING btree ("award_id","endorser_id");--> statement-breakpoint
CREATE INDEX "badge_endorsements_endorser_idx" ON "badge_endorsements" USING btree ("endorser_id");