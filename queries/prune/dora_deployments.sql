-- Prune: deployments completed (or, never finished, created) before the retention boundary, except each
-- repository's latest successful and latest unsuccessful production deployment before it: they keep the
-- service deployable in the kept periods and give the next deployment its base.
DELETE FROM dora_deployments
 WHERE COALESCE(deployed_at, created_at) < :before
   AND (repo, kind, id) NOT IN (
       SELECT repo, kind, id FROM (
              SELECT repo, kind, id,
                     ROW_NUMBER() OVER (PARTITION BY repo COLLATE NOCASE, success
                                        ORDER BY deployed_at DESC, kind DESC, id DESC) AS k
                FROM dora_deployments
               WHERE production = 1 AND deployed_at < :before)
        WHERE k = 1);
