-- Catalog groups for team resolution: scope names, survey answers, team sizes.
SELECT ref, namespace, name, title, members, members_total, parent_ref
  FROM catalog_groups
 ORDER BY ref;
