-- Drop the previous catalog snapshot's templates (inside the transaction that writes the new one).
DELETE FROM catalog_templates;
