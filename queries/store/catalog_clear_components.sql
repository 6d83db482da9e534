-- Drop the previous catalog snapshot's components (inside the transaction that writes the new one).
DELETE FROM catalog_components;
