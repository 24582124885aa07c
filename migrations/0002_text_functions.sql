-- array_to_string() is only STABLE (it could format any element type); for text[] it does not
-- depend on any setting, so this wrapper may be IMMUTABLE and used in generated columns.
CREATE OR REPLACE FUNCTION tisserin_array_text(text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(array_to_string($1, ' '), '') $$;
