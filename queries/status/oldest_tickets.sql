-- The oldest ticket (compute --all starts from its quarter).
SELECT MIN(created_at) AS oldest FROM tickets;
