-- What deployments are changed (dora settings): forget the deployments.
DELETE FROM dora_deployments;
