-- demo: registry (宛名) — a 10,000-person sample municipality, Individual Number linking, a refused link in the review queue, lookups, and the access log sealed and verified
-- Every number shown is synthetic (zeimu.sample_mynumber) and, even so, only
-- ever printed masked.
CREATE FUNCTION pg_temp.try(q text) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
	v_state text;
	v_msg text;
	v_detail text;
	v_r text;
BEGIN
	EXECUTE q INTO v_r;
	RETURN 'ok: ' || v_r;
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
	RETURN 'refused, SQLSTATE ' || v_state || ': ' || v_msg || coalesce(' — ' || nullif(v_detail, ''), '');
END
$$;

\echo
\echo 'generate_sample(131016, 10000 persons, seed 1): offices, areas, purposes, persons, integrated atena numbers, linked numbers'
\timing on
SELECT * FROM zeimu.generate_sample('131016', 10000, 1);
\timing off
SELECT o.office_code, o.name, o.kind, count(p.atena_no) AS persons
  FROM zeimu.office o LEFT JOIN zeimu.person p ON p.lg_code OPERATOR(zeimu.=) o.lg_code AND p.office_code = o.office_code
 WHERE o.lg_code OPERATOR(zeimu.=) '131016' GROUP BY 1, 2, 3 ORDER BY 1;
SELECT atena_no, kind, name, name_kana, sex, birth_date, address, office_code AS office,
	   CASE WHEN resident THEN '住登内' ELSE '住登外' END AS register
  FROM zeimu.person WHERE lg_code OPERATOR(zeimu.=) '131016' ORDER BY atena_no LIMIT 6;

\echo
\echo 'What the vault stores: pgcrypto ciphertext (IV + AES block), its MAC and the HMAC blind index; never the number'
SELECT atena_no, key_id, left(encode(ciphertext, 'hex'), 20) || '…' AS ciphertext,
	   left(encode(ct_mac, 'hex'), 12) || '…' AS mac, left(encode(blind_index, 'hex'), 12) || '…' AS blind_index, source
  FROM zeimu.mynumber_vault WHERE lg_code OPERATOR(zeimu.=) '131016' ORDER BY atena_no LIMIT 3;

\echo
\echo 'Linking: a new person (10001) gets a number; the same number again is a no-op'
INSERT INTO zeimu.person (lg_code, atena_no, name, name_kana, sex, birth_date, address, office_code)
VALUES ('131016', 10001, '新規　登録', 'シンキ　トウロク', 2, '1999-09-09', '架空県サンプル市131016本町1丁目1番1号', 'T1');
SELECT zeimu.link_mynumber('131016', 10001, zeimu.sample_mynumber(1, 20001), '確定申告書') AS first_call,
	   zeimu.link_mynumber('131016', 10001, zeimu.sample_mynumber(1, 20001), '確定申告書') AS second_call;

\echo
\echo 'Conflicts: another number for person 10001 (ZR001), and the number of atena 2 offered for a new person 10002 (ZR002) — both refused and queued'
INSERT INTO zeimu.person (lg_code, atena_no, name, name_kana, sex, birth_date, address, office_code)
VALUES ('131016', 10002, '岡田　葵', 'オカダ　アオイ', 2, '1960-08-10', '架空県サンプル市131016中央4丁目13番15号', 'T1');
SELECT pg_temp.try($$SELECT zeimu.link_mynumber('131016', 10001, zeimu.sample_mynumber(1, 20002), '給与支払報告書')$$) AS different_number;
SELECT pg_temp.try($$SELECT zeimu.link_mynumber('131016', 10002, zeimu.sample_mynumber(1, 2), '住民異動届')$$) AS number_of_another_person;
\echo 'The review queue (written in its own transaction, so it outlives the refused call):'
SELECT review_id, atena_no, other_atena_no, reason, source, status, queued_by
  FROM zeimu.link_review WHERE lg_code OPERATOR(zeimu.=) '131016' ORDER BY review_id;

\echo
\echo 'A clerk (staff id S-0042) looks a person up by number, reveals it for a registered purpose, and searches by name'
SET zeimu.staff_id = 'S-0042';
SELECT zeimu.find_person_by_mynumber('131016', zeimu.sample_mynumber(1, 2), 'resident_tax') AS atena_no_of_the_number;
SELECT zeimu.mynumber_mask(zeimu.reveal_mynumber('131016', 2, 'collection')) AS revealed_then_masked_here;
SELECT pg_temp.try($$SELECT zeimu.reveal_mynumber('131016', 2, 'curiosity')::text$$) AS unregistered_purpose;
SELECT atena_no, name, name_kana, birth_date
  FROM zeimu.find_persons_by_name('131016', (SELECT replace(name, '　', ' ') FROM zeimu.person WHERE lg_code OPERATOR(zeimu.=) '131016' AND atena_no = 2), NULL, 'resident_tax')
 LIMIT 5;
\echo 'Same-person candidates: the refused link pairs 2 and 10002 (same number); equal name + birth date + sex pair them too'
SELECT zeimu.refresh_same_person_candidates('131016') AS new_candidate_pairs;
SELECT atena_no_a, atena_no_b, reason, decision FROM zeimu.same_person_candidate
 WHERE lg_code OPERATOR(zeimu.=) '131016' AND 10002 IN (atena_no_a, atena_no_b);
SELECT zeimu.decide_same_person('131016', 2, 10002, 'same', '住民異動届で同一人と確認');
SELECT zeimu.resolve_link_review('131016', (SELECT review_id FROM zeimu.link_review WHERE lg_code OPERATOR(zeimu.=) '131016' AND atena_no = 10002), 'same_person', '関連宛名として登録') AS review_resolution;
SELECT * FROM zeimu.related_atena WHERE lg_code OPERATOR(zeimu.=) '131016';
\echo 'Basic-information matching (全角 digits and spaces do not matter; one item off returns nothing):'
SELECT zeimu.match_basic_info('131016', '新規 登録', 'しんき とうろく', 2::smallint, '1999-09-09', '架空県サンプル市１３１０１６本町１丁目１番１号') AS all_items_match,
	   zeimu.match_basic_info('131016', '新規 登録', NULL, 2::smallint, '1999-09-10', '架空県サンプル市131016本町1丁目1番1号') AS birth_date_off_by_one;

\echo
\echo 'The access log: one row per person whose identifying data was handed out'
SELECT seq, to_char(logged_at, 'HH24:MI:SS.MS') AS at, session_user_name AS who, staff_id, atena_no, function_name, purpose
  FROM zeimu.access_log WHERE lg_code OPERATOR(zeimu.=) '131016' ORDER BY seq;

\echo
\echo 'Sealing into the SHA-256 chain (batches of 2), exporting the head, verifying'
CALL zeimu.seal_access_log('131016', 2, '0');
SELECT link_no, seq, left(encode(row_hash, 'hex'), 16) || '…' AS row_hash, left(encode(chain_hash, 'hex'), 16) || '…' AS chain_hash
  FROM zeimu.access_log_seal WHERE lg_code OPERATOR(zeimu.=) '131016' ORDER BY link_no;
SELECT * FROM zeimu.export_access_log_head('131016');
SELECT CASE WHEN count(*) = 0 THEN 'intact' ELSE 'broken' END AS verify_access_log
  FROM zeimu.verify_access_log('-infinity', 'infinity', '131016');

\echo
\echo 'A superuser rewrites one logged purpose with triggers off (what the database cannot stop) — verify names the link:'
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE zeimu.access_log SET purpose = 'identity_check'
 WHERE lg_code OPERATOR(zeimu.=) '131016' AND seq = (SELECT min(seq) FROM zeimu.access_log WHERE lg_code OPERATOR(zeimu.=) '131016' AND function_name = 'reveal_mynumber');
SELECT * FROM zeimu.verify_access_log('-infinity', 'infinity', '131016');
ROLLBACK;
\echo 'Without the triggers switched off, even the owner cannot change or delete a log row:'
SELECT pg_temp.try($$UPDATE zeimu.access_log SET purpose = 'x' WHERE lg_code OPERATOR(zeimu.=) '131016' RETURNING 'changed'$$) AS update_attempt;
