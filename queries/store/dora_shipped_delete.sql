-- One first-shipped commit that a new derivation no longer has.
DELETE FROM dora_shipped WHERE rowid = :id;
