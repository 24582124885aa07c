CREATE TABLE "search_changes" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"id" uuid NOT NULL,
	"xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "search_changes_xid_idx" ON "search_changes" USING btree ("xid");
--> statement-breakpoint
-- The search index in memory re-reads what these triggers name (src/domains/search/search.index.sync.ts).
CREATE OR REPLACE FUNCTION tisserin_search_changed_id() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO search_changes (type, id) VALUES (TG_ARGV[0], OLD.id);
    RETURN OLD;
  END IF;
  INSERT INTO search_changes (type, id) VALUES (TG_ARGV[0], NEW.id);
  IF TG_OP = 'UPDATE' AND OLD.id IS DISTINCT FROM NEW.id THEN
    INSERT INTO search_changes (type, id) VALUES (TG_ARGV[0], OLD.id);
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tisserin_search_changed_user_id() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO search_changes (type, id) VALUES (TG_ARGV[0], OLD.user_id);
    RETURN OLD;
  END IF;
  INSERT INTO search_changes (type, id) VALUES (TG_ARGV[0], NEW.user_id);
  IF TG_OP = 'UPDATE' AND OLD.user_id IS DISTINCT FROM NEW.user_id THEN
    INSERT INTO search_changes (type, id) VALUES (TG_ARGV[0], OLD.user_id);
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tisserin_search_changed_document_id() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO search_changes (type, id) VALUES (TG_ARGV[0], OLD.document_id);
    RETURN OLD;
  END IF;
  INSERT INTO search_changes (type, id) VALUES (TG_ARGV[0], NEW.document_id);
  IF TG_OP = 'UPDATE' AND OLD.document_id IS DISTINCT FROM NEW.document_id THEN
    INSERT INTO search_changes (type, id) VALUES (TG_ARGV[0], OLD.document_id);
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tisserin_search_changed_event_id() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO search_changes (type, id) VALUES (TG_ARGV[0], OLD.event_id);
    RETURN OLD;
  END IF;
  INSERT INTO search_changes (type, id) VALUES (TG_ARGV[0], NEW.event_id);
  IF TG_OP = 'UPDATE' AND OLD.event_id IS DISTINCT FROM NEW.event_id THEN
    INSERT INTO search_changes (type, id) VALUES (TG_ARGV[0], OLD.event_id);
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER documents_search_changed AFTER INSERT OR UPDATE OR DELETE ON documents
  FOR EACH ROW EXECUTE FUNCTION tisserin_search_changed_id('doc');
--> statement-breakpoint
CREATE TRIGGER document_links_search_changed AFTER INSERT OR UPDATE OR DELETE ON document_links
  FOR EACH ROW EXECUTE FUNCTION tisserin_search_changed_document_id('doc');
--> statement-breakpoint
CREATE TRIGGER places_search_changed AFTER INSERT OR UPDATE OR DELETE ON places
  FOR EACH ROW EXECUTE FUNCTION tisserin_search_changed_id('place');
--> statement-breakpoint
CREATE TRIGGER skills_search_changed AFTER INSERT OR UPDATE OR DELETE ON skills
  FOR EACH ROW EXECUTE FUNCTION tisserin_search_changed_id('skill');
--> statement-breakpoint
CREATE TRIGGER tools_search_changed AFTER INSERT OR UPDATE OR DELETE ON tools
  FOR EACH ROW EXECUTE FUNCTION tisserin_search_changed_id('tool');
--> statement-breakpoint
CREATE TRIGGER communities_search_changed AFTER INSERT OR UPDATE OR DELETE ON communities
  FOR EACH ROW EXECUTE FUNCTION tisserin_search_changed_id('community');
--> statement-breakpoint
CREATE TRIGGER publications_search_changed AFTER INSERT OR UPDATE OR DELETE ON publications
  FOR EACH ROW EXECUTE FUNCTION tisserin_search_changed_id('publication');
--> statement-breakpoint
CREATE TRIGGER events_search_changed AFTER INSERT OR UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION tisserin_search_changed_id('event');
--> statement-breakpoint
CREATE TRIGGER event_sessions_search_changed AFTER INSERT OR UPDATE OR DELETE ON event_sessions
  FOR EACH ROW EXECUTE FUNCTION tisserin_search_changed_event_id('event');
--> statement-breakpoint
CREATE TRIGGER service_offers_search_changed AFTER INSERT OR UPDATE OR DELETE ON service_offers
  FOR EACH ROW EXECUTE FUNCTION tisserin_search_changed_id('service');
--> statement-breakpoint
CREATE TRIGGER profile_search_search_changed AFTER INSERT OR UPDATE OR DELETE ON profile_search
  FOR EACH ROW EXECUTE FUNCTION tisserin_search_changed_user_id('member');
--> statement-breakpoint
CREATE TRIGGER profiles_search_changed AFTER INSERT OR UPDATE OR DELETE ON profiles
  FOR EACH ROW EXECUTE FUNCTION tisserin_search_changed_user_id('member');
--> statement-breakpoint
CREATE TRIGGER users_search_changed AFTER INSERT OR UPDATE OF email_verified_at, display_name OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION tisserin_search_changed_id('member');
