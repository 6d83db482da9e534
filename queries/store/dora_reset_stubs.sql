-- ... and the horizon stubs (dora.since may have moved).
DELETE FROM dora_commits WHERE beyond = 1;
