-- Rows stored for the scaffolder source (idpmetrics status, "stored" column).
SELECT COUNT(*) AS stored FROM scaffolder_tasks;
