-- Insert or refresh an incident issue.
INSERT INTO dora_incidents (repo, number, opened_at, closed_at, updated_at)
VALUES (:repo, :number, :opened_at, :closed_at, :updated_at)
ON CONFLICT (repo, number) DO UPDATE SET
  opened_at = excluded.opened_at, closed_at = excluded.closed_at, updated_at = excluded.updated_at;
