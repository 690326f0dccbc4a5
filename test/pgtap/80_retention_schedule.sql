-- retention: pg_cron scheduling (the database zeimu has pg_cron).
-- pg_cron 1.4 reads schedules in GMT: 02:00 JST = 17:00 GMT ('0 17 * * *').
BEGIN;
SELECT plan(9);

CREATE ROLE regress_purge_job LOGIN IN ROLE zeimu_purge_operator;
CREATE ROLE regress_not_operator LOGIN;

SELECT throws_ok($$SELECT * FROM zeimu.schedule_purge('0 17 * * *', '131130', 'regress_not_operator')$$,
	'42501', NULL, 'the job role must be a member of zeimu_purge_operator');
SELECT throws_ok($$SELECT * FROM zeimu.schedule_purge('0 17 * * *', '131130', 'zeimu_purge_operator')$$,
	'22023', NULL, 'the job role must be able to log in (pg_cron connects as it)');
SELECT throws_ok($$SELECT * FROM zeimu.schedule_purge('0 17 * * *', '000000', 'regress_purge_job')$$,
	'22023', NULL, '000000 is refused');
SELECT throws_ok($$SELECT * FROM zeimu.schedule_purge('0 17 * * *', '131130', 'regress_purge_job', '1 hour')$$,
	'22023', NULL, 'keeping job_run_details less than a day is refused');

SELECT results_eq($$SELECT job_name, schedule, command, username FROM zeimu.schedule_purge('0 17 * * *', '131130', 'regress_purge_job') ORDER BY 1$$,
	$$VALUES ('zeimu_cron_run_details_cleanup'::text, '30 17 * * *'::text,
			  'DELETE FROM cron.job_run_details WHERE end_time < pg_catalog.now() - ''30 days''::interval'::text, 'postgres'::text),
			 ('zeimu_purge_131130', '0 17 * * *', 'CALL zeimu.purge_run(CURRENT_DATE, ''131130'')', 'regress_purge_job')$$,
	'two jobs: the purge at 17:00 GMT (02:00 JST) as the job role, the run-details cleanup');
SELECT is((SELECT string_agg(format('%s %s %s %s %s', jobname, schedule, username, database = current_database(), active), '; ' ORDER BY jobname)
			  FROM cron.job WHERE jobname LIKE 'zeimu\_%'),
	'zeimu_cron_run_details_cleanup 30 17 * * * postgres t t; zeimu_purge_131130 0 17 * * * regress_purge_job t t',
	'cron.job holds both, in this database, active');
-- Scheduling again replaces the jobs rather than adding more.
SELECT lives_ok($$SELECT * FROM zeimu.schedule_purge('0 18 * * *', '131130', 'regress_purge_job')$$, 'rescheduling works');
SELECT is((SELECT count(*) FROM cron.job WHERE jobname LIKE 'zeimu\_%'), 2::bigint, 'still two jobs after rescheduling');
SELECT is((SELECT schedule FROM cron.job WHERE jobname = 'zeimu_purge_131130'), '0 18 * * *', 'the new schedule is in place');

SELECT * FROM finish();
ROLLBACK;
