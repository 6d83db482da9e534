-- ... and the watermarks of runs, deployments and branch histories (incidents and pull requests stay).
DELETE FROM source_state
 WHERE source = 'github-dora' AND (key LIKE 'runs:%' OR key LIKE 'deployments:%' OR key LIKE 'commits:%');
