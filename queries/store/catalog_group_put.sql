-- One group of a new catalog snapshot.
INSERT INTO catalog_groups (ref, namespace, name, title, type, parent_ref, members, members_total)
VALUES (:ref, :namespace, :name, :title, :type, :parent_ref, :members, :members_total);
