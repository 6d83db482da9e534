-- The floor `idpmetrics compute` is measured against, kept here as it was given with the request for a
-- compute near it (unchanged below this note).  bench/large/run.py times it with the sqlite3 shell beside
-- `idpmetrics compute`, on the same database and in the same run (docs/BENCHMARKS.md).
--
-- The SQLite floor of `idpmetrics compute --all` on a bench/large database (--now 2026-11-27T12:00:00Z,
-- quarters 2025-Q1 .. 2026-Q4, UTC): a bare scan of the rows compute reads, each row once, through the
-- same indexes (count and sums of the columns it reads; no joins, sorting, grouping or writing).
-- Compute reads more than this: the surveys of the previous quarter too, the deployments an incident
-- window either side of each quarter, the changes through a join, and it groups dora_changes once.
-- Run: sqlite3 DB ".read floor_compute.sql" (time it beside `idpmetrics compute --all` on the same database).
-- Keep it in step with the schema: it is the cost of reading the input once, not a test.

-- scaffolder tasks of the 8 quarters (covering index scaffolder_tasks_by_period)
SELECT count(*), sum(length(id)), sum(length(template_ref)), sum(length(status)), sum(created_at), sum(completed_at),
       sum(completed_approx), sum(length(repo_owner)), sum(length(repo_name)), sum(length(param_owner))
  FROM scaffolder_tasks WHERE created_at >= 1735689600 AND created_at < 1798761600;
-- golden-path adoption: the rows of each quarter's last snapshot day (chosen as compute/adoption_last_day does)
SELECT count(*), sum(active + checked + golden + partial), sum(length(repo)) FROM github_repo_snapshots WHERE day IN (
  (SELECT day FROM github_repo_snapshots WHERE taken_at >= 1735689600 AND taken_at < 1743465600 ORDER BY taken_at DESC, day DESC LIMIT 1),
  (SELECT day FROM github_repo_snapshots WHERE taken_at >= 1743465600 AND taken_at < 1751328000 ORDER BY taken_at DESC, day DESC LIMIT 1),
  (SELECT day FROM github_repo_snapshots WHERE taken_at >= 1751328000 AND taken_at < 1759276800 ORDER BY taken_at DESC, day DESC LIMIT 1),
  (SELECT day FROM github_repo_snapshots WHERE taken_at >= 1759276800 AND taken_at < 1767225600 ORDER BY taken_at DESC, day DESC LIMIT 1),
  (SELECT day FROM github_repo_snapshots WHERE taken_at >= 1767225600 AND taken_at < 1775001600 ORDER BY taken_at DESC, day DESC LIMIT 1),
  (SELECT day FROM github_repo_snapshots WHERE taken_at >= 1775001600 AND taken_at < 1782864000 ORDER BY taken_at DESC, day DESC LIMIT 1),
  (SELECT day FROM github_repo_snapshots WHERE taken_at >= 1782864000 AND taken_at < 1790812800 ORDER BY taken_at DESC, day DESC LIMIT 1),
  (SELECT day FROM github_repo_snapshots WHERE taken_at >= 1790812800 AND taken_at < 1798761600 ORDER BY taken_at DESC, day DESC LIMIT 1));
-- surveys, onboarding, tickets
SELECT count(*), sum(score), sum(responded_at), sum(length(team)), sum(length(comment)), sum(length(response_key))
  FROM survey_responses WHERE responded_at >= 1735689600 AND responded_at < 1798761600;
SELECT count(*), sum(days), sum(length(team)), sum(length(productive_date)) FROM onboarding_records WHERE start_date >= '2025-01-01';
SELECT count(*), sum(length(issue_key)), sum(length(team)), sum(length(labels)), sum(length(components)) FROM tickets;
-- DORA: successful production deployments (index dora_deployments_production_time), every change, every
-- merged pull request, the incidents
SELECT count(*), sum(deployed_at), sum(length(repo)), sum(id) FROM dora_deployments
 WHERE production = 1 AND success = 1 AND deployed_at IS NOT NULL AND deployed_at >= 1735689600 - 7 * 86400;
SELECT count(*), sum(length(repo)), sum(length(sha)), sum(authored_at) FROM dora_changes;
SELECT count(*), sum(length(merge_commit_sha)), sum(created_at) FROM dora_pulls;
SELECT count(*), sum(opened_at), sum(closed_at), sum(length(repo)) FROM dora_incidents;
