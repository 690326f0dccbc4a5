-- access: COPY ... TO STDOUT under row security, as each kind of role, and
-- a leaky function that RAISEs NOTICE with its argument (PostgreSQL's own
-- rowsecurity test does the same).  pgTAP cannot capture COPY's output;
-- the expected file shows exactly which rows each role gets.
SET client_min_messages = warning;
INSERT INTO zeimu.municipality (lg_code, name, prefecture) VALUES ('131016', '千代田区', '東京都');
INSERT INTO zeimu.office (lg_code, office_code, name, kind) VALUES
	('131016', 'T1', '北部', 'tax_office'), ('131016', 'T2', '南部', 'tax_office');
INSERT INTO zeimu.person (lg_code, atena_no, name, office_code) VALUES
	('131016', 1, '北野 一郎', 'T1'), ('131016', 2, '南野 次郎', 'T2'),
	('131016', 3, '北野 花子', 'T1'), ('131016', 4, '南野 春子', 'T2');
INSERT INTO zeimu.mynumber_vault (lg_code, atena_no, key_id, blind_index, ciphertext, ct_mac, source) VALUES
	('131016', 1, 1, '\x01', '\x01', '\x01', 'test');
SELECT zeimu.register_staff('131016', 'CP1', 'regress_copy_t1', 'T1', ARRAY['levy'], ARRAY['T1']);
SELECT zeimu.register_staff('131016', 'CP2', 'regress_copy_t2', 'T2', ARRAY['levy'], ARRAY['T2']);
SELECT zeimu.register_staff('131016', 'CP3', 'regress_copy_rep', 'Rep', ARRAY['reporting'], ARRAY['T1']);
CREATE ROLE regress_copy_unmapped NOLOGIN IN ROLE zeimu_levy, zeimu_reporting;
RESET client_min_messages;

-- Staff of office T1: persons 1 and 3 only.
SET ROLE regress_copy_t1;
COPY zeimu.person (atena_no, name, office_code) TO STDOUT;
COPY (SELECT atena_no, office_code FROM zeimu.person ORDER BY atena_no) TO STDOUT WITH (FORMAT csv, HEADER);
RESET ROLE;
-- Staff of office T2: persons 2 and 4 only.
SET ROLE regress_copy_t2;
COPY zeimu.person (atena_no, name, office_code) TO STDOUT;
RESET ROLE;
-- Reporting: the view, office T1; never the vault.
SET ROLE regress_copy_rep;
COPY (SELECT atena_no, name, office_code FROM zeimu_report.person ORDER BY atena_no) TO STDOUT;
COPY zeimu.mynumber_vault TO STDOUT;
COPY (SELECT * FROM zeimu.mynumber_vault) TO STDOUT;
COPY (SELECT * FROM zeimu.person) TO STDOUT;
RESET ROLE;
-- A login in the duty roles without a staff record: nothing.
SET ROLE regress_copy_unmapped;
COPY zeimu.person (atena_no, name, office_code) TO STDOUT;
COPY (SELECT atena_no FROM zeimu_report.person) TO STDOUT;
RESET ROLE;

-- The leaky function: only office T1's names reach the NOTICE.
CREATE FUNCTION pg_temp.f_leak(text) RETURNS boolean LANGUAGE plpgsql COST 0.0000001 AS $$
BEGIN
	RAISE NOTICE 'f_leak => %', $1;
	RETURN true;
END $$;
SET ROLE regress_copy_t1;
SELECT atena_no FROM zeimu.person WHERE pg_temp.f_leak(name) ORDER BY atena_no;
RESET ROLE;

-- pgaudit: what a reporting login's statements write to the server log.
-- register_staff set pgaudit.log = 'read, function' and log_relation = on on
-- the login (applied at login); here the same settings are made for the
-- session and sent to the client so that the lines can be shown.
SELECT rolconfig FROM pg_roles WHERE rolname = 'regress_copy_rep';
SET pgaudit.log = 'read, function';
SET pgaudit.log_relation = on;
SET pgaudit.log_client = on;
SET pgaudit.log_level = notice;
SET ROLE regress_copy_rep;
SELECT count(*) FROM zeimu_report.person;
RESET ROLE;
RESET pgaudit.log;
RESET pgaudit.log_relation;
RESET pgaudit.log_client;
RESET pgaudit.log_level;

-- Another session's cached scope follows a committed change: a second
-- backend (dblink) acting as the T1 clerk counts persons, this session adds
-- office T2 to the clerk's record, the other backend counts again.
SET client_min_messages = warning;
CREATE EXTENSION dblink;
RESET client_min_messages;
SELECT dblink_connect('other', pg_catalog.format('dbname=%s host=%s port=%s', current_database(),
	split_part(current_setting('unix_socket_directories'), ',', 1), current_setting('port')));
SELECT dblink_exec('other', 'SET ROLE regress_copy_t1');
SELECT * FROM dblink('other', 'SELECT count(*) FROM zeimu.person') AS t(persons bigint);
INSERT INTO zeimu.staff_office VALUES ('131016', 'CP1', 'T2');
SELECT * FROM dblink('other', 'SELECT count(*) FROM zeimu.person') AS t(persons bigint);
DELETE FROM zeimu.staff_office WHERE staff_id = 'CP1' AND office_code = 'T2';
SELECT * FROM dblink('other', 'SELECT count(*) FROM zeimu.person') AS t(persons bigint);
SELECT dblink_disconnect('other');

SET client_min_messages = warning;
DROP EXTENSION dblink;
DROP OWNED BY regress_copy_t1, regress_copy_t2, regress_copy_rep, regress_copy_unmapped;
DROP ROLE regress_copy_t1, regress_copy_t2, regress_copy_rep, regress_copy_unmapped;
