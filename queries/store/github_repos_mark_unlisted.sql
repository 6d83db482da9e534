-- After a complete listing: repositories it did not return are gone (deleted, renamed, transferred).
UPDATE github_repos SET gone = 1, updated_at = :updated_at
 WHERE owner = :owner COLLATE NOCASE AND list_generation < :list_generation AND gone = 0
RETURNING full_name;
