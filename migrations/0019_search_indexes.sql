CREATE INDEX "documents_regions_idx" ON "documents" USING gin ("region_codes");--> statement-breakpoint
CREATE INDEX "event_sessions_event_ends_idx" ON "event_sessions" USING btree ("event_id","ends_at");--> statement-breakpoint
CREATE INDEX "places_location_idx" ON "places" USING btree ("latitude","longitude");