-- The time span the imported tickets cover (any ticket, infrastructure or not).
SELECT MIN(created_at), MAX(created_at), COUNT(*) FROM tickets;
