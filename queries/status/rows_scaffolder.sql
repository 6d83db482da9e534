-- Rows stored for the scaffolder source (idpmetrics status, "stored" column).
SELECT COUNT(*) FROM scaffolder_tasks;
