-- A PagerDuty incident of a mapped service counts as a DORA incident.
INSERT INTO dora_incidents (repo, number, opened_at, closed_at, updated_at, source, ref)
VALUES (:repo, :number, :opened_at, :closed_at, :now, 'pagerduty', :ref)
ON CONFLICT (repo, number) DO UPDATE SET
  opened_at = excluded.opened_at, closed_at = excluded.closed_at, updated_at = excluded.updated_at,
  source = excluded.source, ref = excluded.ref;
