-- Rows stored for the catalog source (idpmetrics status, "stored" column): the snapshot's groups, components, templates.
SELECT (SELECT COUNT(*) FROM catalog_groups) + (SELECT COUNT(*) FROM catalog_components) +
       (SELECT COUNT(*) FROM catalog_templates) AS stored;
