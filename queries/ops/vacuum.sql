-- Give the space of pruned rows back to the file system (outside any transaction).
VACUUM;
