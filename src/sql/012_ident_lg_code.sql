-- ident: the local government code (全国地方公共団体コード) type, zeimu.lg_code.
-- int4-backed: every table leads its primary key with it, so four bytes and
-- the core int4 comparison, sort and hash functions (all LEAKPROOF here).

CREATE TYPE @extschema@.lg_code;

-- I/O functions are not LEAKPROOF: their errors describe the input.  send is
-- the core int4send (the wire format is a plain int4); recv re-validates.
CREATE FUNCTION @extschema@.lg_code_in(cstring) RETURNS @extschema@.lg_code
	AS 'MODULE_PATHNAME', 'lg_code_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.lg_code_out(@extschema@.lg_code) RETURNS cstring
	AS 'MODULE_PATHNAME', 'lg_code_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.lg_code_recv(internal) RETURNS @extschema@.lg_code
	AS 'MODULE_PATHNAME', 'lg_code_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.lg_code_send(@extschema@.lg_code) RETURNS bytea
	AS 'int4send' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.lg_code (
	INPUT = @extschema@.lg_code_in,
	OUTPUT = @extschema@.lg_code_out,
	RECEIVE = @extschema@.lg_code_recv,
	SEND = @extschema@.lg_code_send,
	LIKE = pg_catalog.int4
);
COMMENT ON TYPE @extschema@.lg_code IS 'local government code (全国地方公共団体コード): 6 digits, prefecture 01-47, mod-11 check digit';

-- Comparison support: the core int4 functions under our type.  They cannot fail
-- and return nothing but the comparison, so they are LEAKPROOF.
CREATE FUNCTION @extschema@.lg_code_eq(@extschema@.lg_code, @extschema@.lg_code) RETURNS boolean
	AS 'int4eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.lg_code_ne(@extschema@.lg_code, @extschema@.lg_code) RETURNS boolean
	AS 'int4ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.lg_code_lt(@extschema@.lg_code, @extschema@.lg_code) RETURNS boolean
	AS 'int4lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.lg_code_le(@extschema@.lg_code, @extschema@.lg_code) RETURNS boolean
	AS 'int4le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.lg_code_gt(@extschema@.lg_code, @extschema@.lg_code) RETURNS boolean
	AS 'int4gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.lg_code_ge(@extschema@.lg_code, @extschema@.lg_code) RETURNS boolean
	AS 'int4ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.lg_code_cmp(@extschema@.lg_code, @extschema@.lg_code) RETURNS integer
	AS 'btint4cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.lg_code_sortsupport(internal) RETURNS void
	AS 'btint4sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.lg_code_hash(@extschema@.lg_code) RETURNS integer
	AS 'hashint4' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.lg_code_hash_extended(@extschema@.lg_code, bigint) RETURNS bigint
	AS 'hashint4extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.lg_code, RIGHTARG = @extschema@.lg_code,
	FUNCTION = @extschema@.lg_code_eq, COMMUTATOR = OPERATOR(@extschema@.=),
	NEGATOR = OPERATOR(@extschema@.<>), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.lg_code, RIGHTARG = @extschema@.lg_code,
	FUNCTION = @extschema@.lg_code_ne, COMMUTATOR = OPERATOR(@extschema@.<>),
	NEGATOR = OPERATOR(@extschema@.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR @extschema@.< (
	LEFTARG = @extschema@.lg_code, RIGHTARG = @extschema@.lg_code,
	FUNCTION = @extschema@.lg_code_lt, COMMUTATOR = OPERATOR(@extschema@.>),
	NEGATOR = OPERATOR(@extschema@.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR @extschema@.<= (
	LEFTARG = @extschema@.lg_code, RIGHTARG = @extschema@.lg_code,
	FUNCTION = @extschema@.lg_code_le, COMMUTATOR = OPERATOR(@extschema@.>=),
	NEGATOR = OPERATOR(@extschema@.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR @extschema@.> (
	LEFTARG = @extschema@.lg_code, RIGHTARG = @extschema@.lg_code,
	FUNCTION = @extschema@.lg_code_gt, COMMUTATOR = OPERATOR(@extschema@.<),
	NEGATOR = OPERATOR(@extschema@.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR @extschema@.>= (
	LEFTARG = @extschema@.lg_code, RIGHTARG = @extschema@.lg_code,
	FUNCTION = @extschema@.lg_code_ge, COMMUTATOR = OPERATOR(@extschema@.<=),
	NEGATOR = OPERATOR(@extschema@.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);

CREATE OPERATOR CLASS @extschema@.lg_code_ops DEFAULT FOR TYPE @extschema@.lg_code USING btree AS
	OPERATOR 1 @extschema@.<,
	OPERATOR 2 @extschema@.<=,
	OPERATOR 3 @extschema@.=,
	OPERATOR 4 @extschema@.>=,
	OPERATOR 5 @extschema@.>,
	FUNCTION 1 @extschema@.lg_code_cmp(@extschema@.lg_code, @extschema@.lg_code),
	FUNCTION 2 @extschema@.lg_code_sortsupport(internal),
	FUNCTION 4 pg_catalog.btequalimage(oid);
CREATE OPERATOR CLASS @extschema@.lg_code_ops DEFAULT FOR TYPE @extschema@.lg_code USING hash AS
	OPERATOR 1 @extschema@.=,
	FUNCTION 1 @extschema@.lg_code_hash(@extschema@.lg_code),
	FUNCTION 2 @extschema@.lg_code_hash_extended(@extschema@.lg_code, bigint);

-- Casts.  text -> lg_code validates (5- or 6-digit form; allowed in
-- assignment); lg_code -> text in assignment (the codes are public).
CREATE CAST (text AS @extschema@.lg_code) WITH INOUT AS ASSIGNMENT;
CREATE CAST (@extschema@.lg_code AS text) WITH INOUT AS ASSIGNMENT;

-- Helpers.
CREATE FUNCTION @extschema@.lg_code_is_valid(text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'lg_code_is_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lg_code_is_valid(text) IS 'true when the text is accepted as an lg_code (6 digits with check digit, or the 5-digit form); never raises';
CREATE FUNCTION @extschema@.lg_code_check_digit(text) RETURNS integer
	AS 'MODULE_PATHNAME', 'lg_code_check_digit' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lg_code_check_digit(text) IS 'check digit (0-9) for a 5-digit local government code';
CREATE FUNCTION @extschema@.lg_code_prefecture(@extschema@.lg_code) RETURNS integer
	AS 'MODULE_PATHNAME', 'lg_code_prefecture' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lg_code_prefecture(@extschema@.lg_code) IS 'prefecture code (1-47, JIS X 0401): the first two digits';
