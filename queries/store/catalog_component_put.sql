-- One component of a new catalog snapshot.
INSERT INTO catalog_components (ref, namespace, name, title, type, lifecycle, system, owner_ref, team_ref, repo,
                                repo_key, repo_from, source_template, tags, tier,
                                argocd_app, argocd_selector, pagerduty_service)
VALUES (:ref, :namespace, :name, :title, :type, :lifecycle, :system, :owner_ref, :team_ref, :repo,
        lower(:repo), :repo_from, :source_template, :tags, :tier,
        :argocd_app, :argocd_selector, :pagerduty_service);
