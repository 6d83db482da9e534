-- A repository answered 404 while it was being read: it vanished during the run.
UPDATE github_repos SET gone = 1, updated_at = :updated_at WHERE full_name = :full_name;
