-- One repository's state on one day.
INSERT INTO github_repo_snapshots (day, taken_at, repo, active, inactive_why, checked, golden, golden_via,
                                   workflows, pushed_at, partial)
VALUES (:day, :taken_at, :repo, :active, :inactive_why, :checked, :golden, :golden_via, :workflows, :pushed_at,
        :partial)
ON CONFLICT (day, repo) DO UPDATE SET
  taken_at = excluded.taken_at, active = excluded.active, inactive_why = excluded.inactive_why,
  checked = excluded.checked, golden = excluded.golden, golden_via = excluded.golden_via,
  workflows = excluded.workflows, pushed_at = excluded.pushed_at, partial = excluded.partial;
