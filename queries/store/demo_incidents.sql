-- Demo: the incidents generated (as labelled issues), to become PagerDuty incidents.
SELECT repo, number, opened_at, closed_at FROM dora_incidents WHERE source = 'github' ORDER BY repo, number;
