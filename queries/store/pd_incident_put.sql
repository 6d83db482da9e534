-- Insert or refresh a PagerDuty incident as read.
INSERT INTO pagerduty_incidents (id, number, service_id, repo, status, urgency, created_at, resolved_at, merged,
                                 updated_at)
VALUES (:id, :number, :service_id, :repo, :status, :urgency, :created_at, :resolved_at, :merged, :now)
ON CONFLICT (id) DO UPDATE SET
  number = excluded.number, service_id = excluded.service_id, repo = excluded.repo, status = excluded.status,
  urgency = excluded.urgency, created_at = excluded.created_at, resolved_at = excluded.resolved_at,
  merged = excluded.merged, updated_at = excluded.updated_at;
