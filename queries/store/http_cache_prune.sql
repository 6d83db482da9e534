-- Forget cached answers under a URL prefix that nobody has confirmed since :before.
DELETE FROM http_cache WHERE substr(url, 1, length(:prefix)) = :prefix AND fetched_at < :before;
