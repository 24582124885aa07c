CREATE TABLE "badge_awards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"class_id" uuid NOT NULL,
	"recipient_id" uuid,
	"awarded_by" uuid,
	"awarded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_index" integer NOT NULL,
	"credential" jsonb NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"revoked_reason" text,
	"hidden" boolean DEFAULT false NOT NULL,
	CONSTRAINT "badge_awards_status_index_check" CHECK ("badge_awards"."status_index" >= 0 and "badge_awards"."status_index" < 131072)
);
--> statement-breakpoint
CREATE TABLE "badge_class_skills" (
	"class_id" uuid NOT NULL,
	"skill_id" uuid NOT NULL,
	CONSTRAINT "badge_class_skills_class_id_skill_id_pk" PRIMARY KEY("class_id","skill_id")
);
--> statement-breakpoint
CREATE TABLE "badge_classes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"criteria_md" text NOT NULL,
	"criteria_html" text NOT NULL,
	"place_id" uuid,
	"image_key" text,
	"award_mode" text DEFAULT 'manual' NOT NULL,
	"rule_metric" text,
	"rule_kind" text,
	"rule_threshold" integer,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "badge_classes_rule_check" CHECK ("badge_classes"."award_mode" = 'manual' or ("badge_classes"."rule_metric" is not null and "badge_classes"."rule_threshold" is not null and "badge_classes"."rule_threshold" > 0))
);
--> statement-breakpoint
ALTER TABLE "badge_awards" ADD CONSTRAINT "badge_awards_class_id_badge_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."badge_classes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_awards" ADD CONSTRAINT "badge_awards_recipient_id_users_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_awards" ADD CONSTRAINT "badge_awards_awarded_by_users_id_fk" FOREIGN KEY ("awarded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_awards" ADD CONSTRAINT "badge_awards_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_class_skills" ADD CONSTRAINT "badge_class_skills_class_id_badge_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."badge_classes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_class_skills" ADD CONSTRAINT "badge_class_skills_skill_id_skills_id_fk" FOREIGN KEY ("skill_id") REFERENCES "public"."skills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_classes" ADD CONSTRAINT "badge_classes_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "badge_classes" ADD CONSTRAINT "badge_classes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "badge_awards_status_index_key" ON "badge_awards" USING btree ("status_index");--> statement-breakpoint
CREATE UNIQUE INDEX "badge_awards_once_key" ON "badge_awards" USING btree ("class_id","recipient_id") WHERE "badge_awards"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "badge_awards_recipient_idx" ON "badge_awards" USING btree ("recipient_id");--> statement-breakpoint
CREATE UNIQUE INDEX "badge_classes_slug_key" ON "badge_classes" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "badge_classes_place_idx" ON "badge_classes" USING btree ("place_id");