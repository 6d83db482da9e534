-- The time span the imported tickets cover (any ticket, infrastructure or not).
SELECT MIN(created_at) AS first_at, MAX(created_at) AS last_at, COUNT(*) AS n FROM tickets;
