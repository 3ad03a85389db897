-- Issue 9 (faults): which process runs a job, so a run left "running" by a killed process
-- can be closed as "interrupted" at the next start instead of showing as running for ever.
ALTER TABLE runs ADD COLUMN pid INTEGER;
ALTER TABLE runs ADD COLUMN host VARCHAR;
-- Runs started by an older Ambassade have no pid: an upgrade means their process is gone
-- (an older Ambassade refuses a newer schema), so the ones still "running" were interrupted.
UPDATE runs SET status = 'interrupted', finished_at = coalesce(finished_at, now())
WHERE status = 'running';
