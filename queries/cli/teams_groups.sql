-- The catalog's groups for the team overview.
SELECT ref, namespace, name, title, type, parent_ref, members, members_total
  FROM catalog_groups
 ORDER BY ref;
