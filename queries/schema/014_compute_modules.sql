-- Indexes that answer compute's per-period reads of survey responses and tickets alone, without a
-- lookup of each row in its WITHOUT ROWID table by its text key (on the large benchmark organisation
-- those lookups were most of the cost of reading both inputs).

-- Survey responses of a period in (responded_at, response_key) order, with the columns NPS reads
-- (compute/survey_responses.sql); it replaces the index of responded_at alone.
CREATE INDEX survey_responses_by_period ON survey_responses (responded_at, response_key, score, team, comment);
DROP INDEX survey_responses_by_time;

-- Tickets of a period in (created_at, issue_key) order, with what the infrastructure filter, the team
-- and the Jira-or-CSV choice read (compute/tickets_created.sql); it replaces the index of created_at alone.
CREATE INDEX tickets_by_period ON tickets (created_at, issue_key, source, team, labels, components);
DROP INDEX tickets_by_created;

-- Each team's first ticket, one seek per team instead of a scan of the table (compute/ticket_teams.sql).
CREATE INDEX tickets_by_team ON tickets (team, created_at);
