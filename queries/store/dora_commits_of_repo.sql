-- The stored commit graph of a repository.
SELECT sha, authored_at, parents, beyond FROM dora_commits WHERE repo = :repo;
