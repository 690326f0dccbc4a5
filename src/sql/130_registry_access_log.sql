-- registry: the access log's protection, sealing (hash chain), verification
-- and head export.

-- Append-only: no UPDATE by anybody; DELETE only by members of
-- zeimu_purge_operator and only of rows older than 5 years (the retention
-- module's purge).  This trigger binds the table owner and BYPASSRLS roles
-- too; only a superuser can switch it off (session_replication_role or
-- ALTER TABLE ... DISABLE TRIGGER), which the sealed chain and the exported
-- head reveal.
CREATE FUNCTION @extschema@.access_log_guard() RETURNS trigger
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_at timestamptz;
BEGIN
	IF TG_OP = 'DELETE' THEN
		v_at := CASE WHEN TG_TABLE_NAME = 'access_log' THEN (pg_catalog.to_jsonb(OLD) ->> 'logged_at')::timestamptz
					 ELSE (pg_catalog.to_jsonb(OLD) ->> 'sealed_at')::timestamptz END;
		IF pg_catalog.pg_has_role(pg_catalog."current_user"(), 'zeimu_purge_operator', 'MEMBER')
		   AND v_at < pg_catalog.now() - interval '5 years' THEN
			RETURN OLD;
		END IF;
		RAISE EXCEPTION '% rows can only be deleted by the retention purge', TG_TABLE_NAME
			USING ERRCODE = '42501',
				  DETAIL = 'Only members of zeimu_purge_operator may delete rows older than 5 years.';
	END IF;
	RAISE EXCEPTION '% rows cannot be changed', TG_TABLE_NAME
		USING ERRCODE = '42501', DETAIL = 'The access log is append-only.';
END
$$;
CREATE FUNCTION @extschema@.access_log_no_truncate() RETURNS trigger
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	RAISE EXCEPTION '% cannot be truncated', TG_TABLE_NAME
		USING ERRCODE = '42501', DETAIL = 'The access log is append-only.';
END
$$;
CREATE TRIGGER access_log_guard BEFORE UPDATE OR DELETE ON @extschema@.access_log
	FOR EACH ROW EXECUTE FUNCTION @extschema@.access_log_guard();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON @extschema@.access_log
	FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.access_log_no_truncate();
CREATE TRIGGER access_log_guard BEFORE UPDATE OR DELETE ON @extschema@.access_log_seal
	FOR EACH ROW EXECUTE FUNCTION @extschema@.access_log_guard();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON @extschema@.access_log_seal
	FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.access_log_no_truncate();
CREATE TRIGGER access_log_guard BEFORE UPDATE OR DELETE ON @extschema@.access_log_head_export
	FOR EACH ROW EXECUTE FUNCTION @extschema@.access_log_guard();

-- The hash of a log row: sha256 over every column's binary send form with
-- its length and a NULL flag (src/access_log.c); independent of DateStyle,
-- TimeZone and every other setting.
CREATE FUNCTION @extschema@.access_log_row_hash(@extschema@.access_log) RETURNS bytea
	AS 'MODULE_PATHNAME', 'access_log_row_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.hash_chain_step(bytea, bytea) RETURNS bytea
	AS 'MODULE_PATHNAME', 'access_log_chain_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE AGGREGATE @extschema@.hash_chain(bytea) (SFUNC = @extschema@.hash_chain_step, STYPE = bytea);
COMMENT ON AGGREGATE @extschema@.hash_chain(bytea) IS
	'first value = previous chain head; then head := sha256(head || value); use as a window aggregate';

-- zeimu.seal_access_log: links unsealed rows into the municipality's chain,
-- batch_size rows per transaction (src/registry_batches.c commits after
-- each call of seal_access_log_batch).  Seals only
-- rows whose transaction has ended before the batch began (txid below the
-- snapshot's xmin) and that are older than settle, so that a transaction
-- still running cannot later add a row below the sealed head; a row that
-- does commit that late is reported by zeimu.verify_access_log as
-- unsealed_row_inside_chain.  Rows of the calling transaction itself count
-- as ready (they and their seals commit or roll back together).
-- Idempotent and resumable: each batch starts from the stored head.
CREATE FUNCTION @extschema@.seal_access_log_batch(p_lg_code @extschema@.lg_code, p_batch_size integer, p_settle interval)
	RETURNS bigint
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	v_last_seq bigint;
	v_last_link bigint;
	v_head bytea;
	v_n bigint;
	v_xmin bigint;
BEGIN
	IF p_batch_size IS NULL OR p_batch_size < 1 THEN
		RAISE EXCEPTION 'batch_size must be at least 1' USING ERRCODE = '22023';
	END IF;
	PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('zeimu seal_access_log ' || p_lg_code));
	SELECT s.seq, s.link_no, s.chain_hash INTO v_last_seq, v_last_link, v_head
	  FROM @extschema@.access_log_seal s
	 WHERE s.lg_code OPERATOR(@extschema@.=) p_lg_code
	 ORDER BY s.link_no DESC LIMIT 1;
	IF NOT FOUND THEN
		v_last_seq := 0;
		v_last_link := 0;
		v_head := pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex');
	END IF;
	v_xmin := pg_catalog.txid_snapshot_xmin(pg_catalog.txid_current_snapshot());

	WITH b AS (
		SELECT l.seq,
			   @extschema@.access_log_row_hash(l) AS row_hash,
			   ((l.txid < v_xmin
				 AND l.logged_at < pg_catalog.clock_timestamp() - p_settle)
				OR l.txid = pg_catalog.txid_current_if_assigned()) IS TRUE AS ready
		  FROM @extschema@.access_log l
		 WHERE l.lg_code OPERATOR(@extschema@.=) p_lg_code
		   AND l.seq > v_last_seq
		 ORDER BY l.seq
		 LIMIT p_batch_size),
	-- Stop before the first row that is not ready: the chain never
	-- skips a row.
	e AS (
		SELECT b.seq, b.row_hash FROM b
		 WHERE b.seq < coalesce((SELECT pg_catalog.min(b2.seq) FROM b b2 WHERE NOT b2.ready),
																 9223372036854775807))
	INSERT INTO @extschema@.access_log_seal (lg_code, seq, link_no, row_hash, chain_hash)
	SELECT p_lg_code, c.seq, v_last_link + c.n, c.row_hash, c.chain_hash
	  FROM (SELECT x.seq, x.row_hash,
				   pg_catalog.row_number() OVER w - 1 AS n,
				   @extschema@.hash_chain(x.h) OVER w AS chain_hash
			  FROM (SELECT v_last_seq AS seq, NULL::bytea AS row_hash, v_head AS h
					UNION ALL
					SELECT e.seq, e.row_hash, e.row_hash FROM e) x
			WINDOW w AS (ORDER BY x.seq ROWS UNBOUNDED PRECEDING)) c
	 WHERE c.n > 0;
	GET DIAGNOSTICS v_n = ROW_COUNT;
	RETURN v_n;
END
$$;
CREATE PROCEDURE @extschema@.seal_access_log(lg_code @extschema@.lg_code, batch_size integer DEFAULT 100000,
											 settle interval DEFAULT '5 seconds')
	AS 'MODULE_PATHNAME', 'registry_seal_access_log' LANGUAGE C;
COMMENT ON PROCEDURE @extschema@.seal_access_log(@extschema@.lg_code, integer, interval) IS
	'links new access-log rows into the SHA-256 chain, in batches (COMMIT between batches)';

-- zeimu.verify_access_log: recomputes the chain over the sealed rows
-- logged in [from, to) (all municipalities, or one) and returns the first
-- broken link, or no row when the chain is intact.  Problems:
--   row_deleted               a sealed row is gone
--   row_altered               a sealed row's content (or its seq) changed
--   chain_broken              the stored chain hash does not follow
--   link_missing              a link number is missing from the seal
--   exported_head_mismatch    an exported head differs from the chain
--   unsealed_row_inside_chain a row below the sealed head has no seal
CREATE FUNCTION @extschema@.verify_access_log(p_from timestamptz DEFAULT '-infinity',
											  p_to timestamptz DEFAULT 'infinity',
											  p_lg_code @extschema@.lg_code DEFAULT NULL)
	RETURNS TABLE (lg_code @extschema@.lg_code, link_no bigint, seq bigint, problem text)
	LANGUAGE plpgsql STABLE
	SET search_path = pg_catalog, pg_temp
	SET work_mem = '64MB'
AS $$
DECLARE
	m @extschema@.lg_code;
	v_lo bigint;
	v_hi bigint;
	v_prev bytea;
	v_max_seq bigint;
	v_min_seq bigint;
BEGIN
	FOR m IN SELECT DISTINCT s.lg_code FROM @extschema@.access_log_seal s
			 WHERE p_lg_code IS NULL OR s.lg_code OPERATOR(@extschema@.=) p_lg_code ORDER BY 1
	LOOP
		-- The links of the rows logged in [from, to): by seq through the
		-- (lg_code, logged_at) index, then the seal's primary key.  The whole
		-- chain when the range is unbounded.
		IF p_from = '-infinity' AND p_to = 'infinity' THEN
			SELECT pg_catalog.min(s.link_no), pg_catalog.max(s.link_no) INTO v_lo, v_hi
			  FROM @extschema@.access_log_seal s WHERE s.lg_code OPERATOR(@extschema@.=) m;
		ELSE
			SELECT pg_catalog.min(l.seq), pg_catalog.max(l.seq) INTO v_min_seq, v_max_seq
			  FROM @extschema@.access_log l
			 WHERE l.lg_code OPERATOR(@extschema@.=) m AND l.logged_at >= p_from AND l.logged_at < p_to;
			SELECT s.link_no INTO v_lo FROM @extschema@.access_log_seal s
			 WHERE s.lg_code OPERATOR(@extschema@.=) m AND s.seq >= v_min_seq ORDER BY s.seq LIMIT 1;
			SELECT s.link_no INTO v_hi FROM @extschema@.access_log_seal s
			 WHERE s.lg_code OPERATOR(@extschema@.=) m AND s.seq <= v_max_seq ORDER BY s.seq DESC LIMIT 1;
		END IF;
		IF v_lo IS NULL OR v_hi IS NULL OR v_lo > v_hi THEN
			CONTINUE;
		END IF;

		IF v_lo = 1 THEN
			v_prev := pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex');
		ELSE
			SELECT s.chain_hash INTO v_prev FROM @extschema@.access_log_seal s
			 WHERE s.lg_code OPERATOR(@extschema@.=) m AND s.link_no = v_lo - 1;
			IF NOT FOUND THEN
				lg_code := m; link_no := v_lo - 1; seq := NULL; problem := 'link_missing';
				RETURN NEXT;
				RETURN;
			END IF;
		END IF;

		SELECT pg_catalog.min(s.seq), pg_catalog.max(s.seq) INTO v_min_seq, v_max_seq
		  FROM @extschema@.access_log_seal s
		 WHERE s.lg_code OPERATOR(@extschema@.=) m AND s.link_no >= v_lo AND s.link_no <= v_hi;

		-- Row hashes are computed in a plain scan of the log and joined on
		-- seq afterwards (a whole-row value built inside the join is several
		-- times slower).
		RETURN QUERY
		WITH h AS (
			SELECT l.seq, @extschema@.access_log_row_hash(l) AS computed
			  FROM @extschema@.access_log l
			 WHERE l.lg_code OPERATOR(@extschema@.=) m AND l.seq >= v_min_seq AND l.seq <= v_max_seq),
		s AS (
			SELECT s.link_no, s.seq, s.row_hash, s.chain_hash,
				   h.seq IS NULL AS gone,
				   coalesce(h.computed, s.row_hash) AS computed
			  FROM @extschema@.access_log_seal s
			  LEFT JOIN h ON h.seq = s.seq
			 WHERE s.lg_code OPERATOR(@extschema@.=) m
			   AND s.link_no >= v_lo AND s.link_no <= v_hi),
		c AS (
			SELECT x.link_no, x.seq, x.gone, x.row_hash, x.computed, x.chain_hash,
				   @extschema@.hash_chain(x.h) OVER w AS recomputed,
				   pg_catalog.lag(x.link_no) OVER w AS prev_link
			  FROM (SELECT v_lo - 1 AS link_no, NULL::bigint AS seq, false AS gone,
						   NULL::bytea AS row_hash, NULL::bytea AS computed, NULL::bytea AS chain_hash, v_prev AS h
					UNION ALL
					SELECT s.link_no, s.seq, s.gone, s.row_hash, s.computed, s.chain_hash, s.computed FROM s) x
			WINDOW w AS (ORDER BY x.link_no ROWS UNBOUNDED PRECEDING))
		SELECT m, c.link_no, c.seq,
			   CASE WHEN c.link_no <> c.prev_link + 1 THEN 'link_missing'
					WHEN c.gone THEN 'row_deleted'
					WHEN c.computed <> c.row_hash THEN 'row_altered'
					ELSE 'chain_broken' END
		  FROM c
		 WHERE c.seq IS NOT NULL
		   AND (c.gone OR c.computed <> c.row_hash
				OR c.recomputed <> c.chain_hash
				OR c.link_no <> c.prev_link + 1)
		 ORDER BY c.link_no
		 LIMIT 1;
		IF FOUND THEN
			RETURN;
		END IF;

		-- Exported heads inside the range must match the chain.
		RETURN QUERY
		SELECT m, e.link_no, e.seq, 'exported_head_mismatch'
		  FROM @extschema@.access_log_head_export e
		  LEFT JOIN @extschema@.access_log_seal s ON s.lg_code OPERATOR(@extschema@.=) e.lg_code AND s.link_no = e.link_no
		 WHERE e.lg_code OPERATOR(@extschema@.=) m
		   AND e.link_no >= v_lo AND e.link_no <= v_hi
		   AND (s.chain_hash IS NULL OR s.chain_hash <> e.chain_hash OR s.seq <> e.seq)
		 ORDER BY e.link_no LIMIT 1;
		IF FOUND THEN
			RETURN;
		END IF;

		-- Rows inside the sealed range that carry no seal.
		RETURN QUERY
		SELECT m, NULL::bigint, l.seq, 'unsealed_row_inside_chain'
		  FROM @extschema@.access_log l
		 WHERE l.lg_code OPERATOR(@extschema@.=) m
		   AND l.seq >= v_min_seq AND l.seq <= v_max_seq
		   AND NOT EXISTS (SELECT FROM @extschema@.access_log_seal s
						   WHERE s.lg_code OPERATOR(@extschema@.=) l.lg_code AND s.seq = l.seq)
		 ORDER BY l.seq LIMIT 1;
		IF FOUND THEN
			RETURN;
		END IF;
	END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.verify_access_log(timestamptz, timestamptz, @extschema@.lg_code) IS
	'first broken link of the access-log hash chain in [from, to), or no row';

-- zeimu.export_access_log_head: the current chain head, to be kept outside
-- the database.  Recorded in access_log_head_export and written to the
-- server log (LOG) so that it leaves the database at once.
CREATE FUNCTION @extschema@.export_access_log_head(p_lg_code @extschema@.lg_code)
	RETURNS TABLE (lg_code @extschema@.lg_code, link_no bigint, seq bigint, chain_hash text, exported_at timestamptz)
	LANGUAGE plpgsql
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	s record;
BEGIN
	SELECT a.link_no, a.seq, a.chain_hash INTO s FROM @extschema@.access_log_seal a
	 WHERE a.lg_code OPERATOR(@extschema@.=) p_lg_code ORDER BY a.link_no DESC LIMIT 1;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'the access log of municipality % has no sealed row yet', p_lg_code
			USING ERRCODE = 'P0002', HINT = 'Run CALL zeimu.seal_access_log(...) first.';
	END IF;
	INSERT INTO @extschema@.access_log_head_export (lg_code, link_no, seq, chain_hash)
		VALUES (p_lg_code, s.link_no, s.seq, s.chain_hash)
		RETURNING access_log_head_export.exported_at INTO exported_at;
	lg_code := p_lg_code;
	link_no := s.link_no;
	seq := s.seq;
	chain_hash := pg_catalog.encode(s.chain_hash, 'hex');
	RAISE LOG 'zeimu access-log head: lg_code=% link_no=% seq=% sha256=%', lg_code, link_no, seq, chain_hash;
	RETURN NEXT;
END
$$;
