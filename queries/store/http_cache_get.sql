-- The cached validators and body of one URL (conditional requests).
SELECT etag, last_modified, link_next, body FROM http_cache WHERE url = :url;
