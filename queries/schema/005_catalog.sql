-- The Backstage catalog as of its last complete collection: who owns what, team structure, team sizes.
-- Each collection replaces all three tables in one transaction (entities removed from the catalog
-- disappear); a failed collection leaves them as they were.  Entity refs are stored the way Backstage
-- compares them: "kind:namespace/name" in lower case.  No user names are stored, only counts.

CREATE TABLE catalog_groups (
  ref           TEXT    PRIMARY KEY,       -- group:namespace/name, lower case
  namespace     TEXT    NOT NULL,          -- as written in the entity
  name          TEXT    NOT NULL,          -- metadata.name as written: the team scope is team:NAME
  title         TEXT,                      -- metadata.title, else spec.profile.displayName
  type          TEXT,                      -- spec.type: team, business-unit, ...
  parent_ref    TEXT,                      -- childOf relation, else spec.parent (qualified)
  members       INTEGER NOT NULL DEFAULT 0, -- users that are direct members (memberOf)
  members_total INTEGER NOT NULL DEFAULT 0  -- distinct users in this group or any group below it
) WITHOUT ROWID;

CREATE TABLE catalog_components (
  ref             TEXT    PRIMARY KEY,     -- component:namespace/name, lower case
  namespace       TEXT    NOT NULL,
  name            TEXT    NOT NULL,
  title           TEXT,
  type            TEXT,                    -- spec.type: service, website, library, ...
  lifecycle       TEXT,                    -- spec.lifecycle: production, experimental, deprecated, ...
  system          TEXT,                    -- spec.system (qualified system ref)
  owner_ref       TEXT,                    -- ownedBy relation, else spec.owner qualified (group by default)
  team_ref        TEXT,                    -- the owning group: owner_ref, or the group of a user owner
  repo            TEXT,                    -- owner/name as annotated
  repo_key        TEXT,                    -- lower(repo): the join key to GitHub repositories
  repo_from       TEXT,                    -- project-slug or source-location: which annotation named it
  source_template TEXT,                    -- backstage.io/source-template
  tags            TEXT    NOT NULL DEFAULT '[]', -- metadata.tags as a JSON array
  tier            TEXT                     -- the first tag that starts with "tier" (tier-1, ...)
) WITHOUT ROWID;
CREATE INDEX catalog_components_by_repo ON catalog_components (repo_key);

CREATE TABLE catalog_templates (
  ref       TEXT PRIMARY KEY,              -- template:namespace/name, lower case
  namespace TEXT NOT NULL,
  name      TEXT NOT NULL,
  title     TEXT,
  type      TEXT,
  owner_ref TEXT
) WITHOUT ROWID;
