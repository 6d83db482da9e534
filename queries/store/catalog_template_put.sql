-- One template of a new catalog snapshot.
INSERT INTO catalog_templates (ref, namespace, name, title, type, owner_ref)
VALUES (:ref, :namespace, :name, :title, :type, :owner_ref);
