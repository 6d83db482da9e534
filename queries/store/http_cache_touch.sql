-- A 304 confirmed the cached body of a URL: note when, so pruning keeps it.
UPDATE http_cache SET fetched_at = :fetched_at WHERE url = :url;
