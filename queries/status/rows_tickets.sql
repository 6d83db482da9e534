-- Rows stored for tickets (idpmetrics import tickets; status "stored" column).
SELECT COUNT(*) AS stored FROM tickets;
