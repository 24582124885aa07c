CREATE TABLE "contributions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"started_on" date NOT NULL,
	"ended_on" date,
	"minutes" integer,
	"place_id" uuid,
	"document_id" uuid,
	"description" text NOT NULL,
	"evidence_url" text,
	"source" text DEFAULT 'member' NOT NULL,
	"source_ref" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"reviewer_id" uuid,
	"reviewed_at" timestamp with time zone,
	"review_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contributions_period_check" CHECK ("contributions"."ended_on" is null or "contributions"."ended_on" >= "contributions"."started_on"),
	CONSTRAINT "contributions_minutes_check" CHECK ("contributions"."minutes" is null or "contributions"."minutes" > 0)
);
--> statement-breakpoint
CREATE TABLE "recognition_settings" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"visibility" text DEFAULT 'members' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_member_id_users_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognition_settings" ADD CONSTRAINT "recognition_settings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contributions_member_idx" ON "contributions" USING btree ("member_id","started_on");--> statement-breakpoint
CREATE INDEX "contributions_place_idx" ON "contributions" USING btree ("place_id","status");--> statement-breakpoint
CREATE INDEX "contributions_document_idx" ON "contributions" USING btree ("document_id","status");--> statement-breakpoint
CREATE INDEX "contributions_status_idx" ON "contributions" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "contributions_source_key" ON "contributions" USING btree ("member_id","source","source_ref");