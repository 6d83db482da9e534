-- Prune: tickets created before the retention boundary (periods count tickets by creation).
DELETE FROM tickets WHERE created_at < :before;
