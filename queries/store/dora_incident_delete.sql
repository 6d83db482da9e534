-- An issue that is no longer an incident (its label was removed, or it turned out to be a pull request).
DELETE FROM dora_incidents WHERE repo = :repo AND number = :number;
