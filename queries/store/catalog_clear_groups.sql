-- Drop the previous catalog snapshot's groups (inside the transaction that writes the new one).
DELETE FROM catalog_groups;
