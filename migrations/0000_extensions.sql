-- Search needs only these two extensions. Loading others (cube, earthdistance, ltree…) next to
-- pg_trgm breaks its operators on PGlite; distances are computed with haversine in SQL instead.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
-- French stemming with accents ignored: "école", "ecoles" and "Écoles" meet.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'fr_unaccent') THEN
    CREATE TEXT SEARCH CONFIGURATION fr_unaccent (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION fr_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END
$$;--> statement-breakpoint
-- unaccent() is only STABLE; this wrapper pins the dictionary so generated columns and indexes can use it.
CREATE OR REPLACE FUNCTION tisserin_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
