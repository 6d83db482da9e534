-- Insert or refresh an application life as read tonight.
INSERT INTO argocd_apps (uid, name, project, production, repo, mapped_from, source_repos, config_repo, history_limit,
                         last_id, syncs_per_day, first_seen, last_seen, gone)
VALUES (:uid, :name, :project, :production, :repo, :mapped_from, :source_repos, :config_repo, :history_limit,
        :last_id, :syncs_per_day, :now, :now, 0)
ON CONFLICT (uid) DO UPDATE SET
  name = excluded.name, project = excluded.project, production = excluded.production, repo = excluded.repo,
  mapped_from = excluded.mapped_from, source_repos = excluded.source_repos, config_repo = excluded.config_repo,
  history_limit = excluded.history_limit,
  last_id = CASE WHEN excluded.last_id IS NULL THEN argocd_apps.last_id
                 ELSE MAX(COALESCE(argocd_apps.last_id, -1), excluded.last_id) END,
  syncs_per_day = excluded.syncs_per_day, last_seen = excluded.last_seen, gone = 0;
