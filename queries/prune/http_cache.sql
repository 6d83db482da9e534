-- Prune: cached pages last fetched before the retention boundary (a later request just gets a 200).
DELETE FROM http_cache WHERE fetched_at < :before;
