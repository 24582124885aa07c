DROP INDEX "document_links_target_idx";--> statement-breakpoint
CREATE INDEX "document_links_target_doc_idx" ON "document_links" USING btree ("target_type","target_id","document_id");