-- Remember the validators and body of a 200 answer for the next conditional request.
INSERT INTO http_cache (url, etag, last_modified, link_next, body, fetched_at)
VALUES (:url, :etag, :last_modified, :link_next, :body, :fetched_at)
ON CONFLICT (url) DO UPDATE SET
  etag = excluded.etag, last_modified = excluded.last_modified, link_next = excluded.link_next,
  body = excluded.body, fetched_at = excluded.fetched_at;
