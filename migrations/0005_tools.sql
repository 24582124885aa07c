CREATE TABLE "place_tools" (
	"place_id" uuid NOT NULL,
	"tool_id" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "place_tools_place_id_tool_id_pk" PRIMARY KEY("place_id","tool_id")
);
--> statement-breakpoint
CREATE TABLE "tool_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tool_id" uuid NOT NULL,
	"author_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "place_tools" ADD CONSTRAINT "place_tools_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "place_tools" ADD CONSTRAINT "place_tools_tool_id_tools_id_fk" FOREIGN KEY ("tool_id") REFERENCES "public"."tools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tool_notes" ADD CONSTRAINT "tool_notes_tool_id_tools_id_fk" FOREIGN KEY ("tool_id") REFERENCES "public"."tools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tool_notes" ADD CONSTRAINT "tool_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "place_tools_tool_idx" ON "place_tools" USING btree ("tool_id");--> statement-breakpoint
CREATE INDEX "tool_notes_tool_idx" ON "tool_notes" USING btree ("tool_id","created_at");