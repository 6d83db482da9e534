-- Size of the stored catalog snapshot: a new listing that comes back empty must not replace it.
SELECT (SELECT COUNT(*) FROM catalog_components) AS component_count, (SELECT COUNT(*) FROM catalog_groups) AS group_count;
