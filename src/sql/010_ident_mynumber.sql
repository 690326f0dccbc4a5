-- ident: the Individual Number (個人番号) type, zeimu.mynumber.
-- int8-backed; comparisons reuse the core int8 functions and are LEAKPROOF so
-- that row-level security does not cost the index (security_anchors §1.1).

CREATE TYPE @extschema@.mynumber;

-- I/O functions are not LEAKPROOF: their errors describe the input.  send is
-- the core int8send (the wire format is a plain int8); recv re-validates.
CREATE FUNCTION @extschema@.mynumber_in(cstring) RETURNS @extschema@.mynumber
	AS 'MODULE_PATHNAME', 'mynumber_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.mynumber_out(@extschema@.mynumber) RETURNS cstring
	AS 'MODULE_PATHNAME', 'mynumber_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.mynumber_recv(internal) RETURNS @extschema@.mynumber
	AS 'MODULE_PATHNAME', 'mynumber_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.mynumber_send(@extschema@.mynumber) RETURNS bytea
	AS 'int8send' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.mynumber (
	INPUT = @extschema@.mynumber_in,
	OUTPUT = @extschema@.mynumber_out,
	RECEIVE = @extschema@.mynumber_recv,
	SEND = @extschema@.mynumber_send,
	LIKE = pg_catalog.int8
);
COMMENT ON TYPE @extschema@.mynumber IS 'Individual Number (個人番号): 12 digits, check digit per 平成26年総務省令第85号第5条';

-- Comparison support: the core int8 functions under our type.  They cannot fail
-- and return nothing but the comparison, so they are LEAKPROOF.
CREATE FUNCTION @extschema@.mynumber_eq(@extschema@.mynumber, @extschema@.mynumber) RETURNS boolean
	AS 'int8eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.mynumber_ne(@extschema@.mynumber, @extschema@.mynumber) RETURNS boolean
	AS 'int8ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.mynumber_lt(@extschema@.mynumber, @extschema@.mynumber) RETURNS boolean
	AS 'int8lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.mynumber_le(@extschema@.mynumber, @extschema@.mynumber) RETURNS boolean
	AS 'int8le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.mynumber_gt(@extschema@.mynumber, @extschema@.mynumber) RETURNS boolean
	AS 'int8gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.mynumber_ge(@extschema@.mynumber, @extschema@.mynumber) RETURNS boolean
	AS 'int8ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.mynumber_cmp(@extschema@.mynumber, @extschema@.mynumber) RETURNS integer
	AS 'btint8cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.mynumber_sortsupport(internal) RETURNS void
	AS 'btint8sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.mynumber_hash(@extschema@.mynumber) RETURNS integer
	AS 'hashint8' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.mynumber_hash_extended(@extschema@.mynumber, bigint) RETURNS bigint
	AS 'hashint8extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.mynumber, RIGHTARG = @extschema@.mynumber,
	FUNCTION = @extschema@.mynumber_eq, COMMUTATOR = OPERATOR(@extschema@.=),
	NEGATOR = OPERATOR(@extschema@.<>), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.mynumber, RIGHTARG = @extschema@.mynumber,
	FUNCTION = @extschema@.mynumber_ne, COMMUTATOR = OPERATOR(@extschema@.<>),
	NEGATOR = OPERATOR(@extschema@.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR @extschema@.< (
	LEFTARG = @extschema@.mynumber, RIGHTARG = @extschema@.mynumber,
	FUNCTION = @extschema@.mynumber_lt, COMMUTATOR = OPERATOR(@extschema@.>),
	NEGATOR = OPERATOR(@extschema@.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR @extschema@.<= (
	LEFTARG = @extschema@.mynumber, RIGHTARG = @extschema@.mynumber,
	FUNCTION = @extschema@.mynumber_le, COMMUTATOR = OPERATOR(@extschema@.>=),
	NEGATOR = OPERATOR(@extschema@.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR @extschema@.> (
	LEFTARG = @extschema@.mynumber, RIGHTARG = @extschema@.mynumber,
	FUNCTION = @extschema@.mynumber_gt, COMMUTATOR = OPERATOR(@extschema@.<),
	NEGATOR = OPERATOR(@extschema@.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR @extschema@.>= (
	LEFTARG = @extschema@.mynumber, RIGHTARG = @extschema@.mynumber,
	FUNCTION = @extschema@.mynumber_ge, COMMUTATOR = OPERATOR(@extschema@.<=),
	NEGATOR = OPERATOR(@extschema@.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);

CREATE OPERATOR CLASS @extschema@.mynumber_ops DEFAULT FOR TYPE @extschema@.mynumber USING btree AS
	OPERATOR 1 @extschema@.<,
	OPERATOR 2 @extschema@.<=,
	OPERATOR 3 @extschema@.=,
	OPERATOR 4 @extschema@.>=,
	OPERATOR 5 @extschema@.>,
	FUNCTION 1 @extschema@.mynumber_cmp(@extschema@.mynumber, @extschema@.mynumber),
	FUNCTION 2 @extschema@.mynumber_sortsupport(internal),
	FUNCTION 4 pg_catalog.btequalimage(oid);
CREATE OPERATOR CLASS @extschema@.mynumber_ops DEFAULT FOR TYPE @extschema@.mynumber USING hash AS
	OPERATOR 1 @extschema@.=,
	FUNCTION 1 @extschema@.mynumber_hash(@extschema@.mynumber),
	FUNCTION 2 @extschema@.mynumber_hash_extended(@extschema@.mynumber, bigint);

-- Casts.  text -> mynumber validates through the input function (allowed in
-- assignment, so INSERT ... SELECT from a staging text column validates).
-- mynumber -> text and the other string types is explicit only: without these
-- entries PostgreSQL's automatic I/O cast would let an Individual Number slip
-- into a text column by plain assignment.  bigint -> mynumber is explicit and
-- validated (22003 out of range, 22P02 check digit).
CREATE CAST (text AS @extschema@.mynumber) WITH INOUT AS ASSIGNMENT;
CREATE CAST (@extschema@.mynumber AS text) WITH INOUT;
CREATE CAST (@extschema@.mynumber AS character varying) WITH INOUT;
CREATE CAST (@extschema@.mynumber AS character) WITH INOUT;
CREATE FUNCTION @extschema@.mynumber(bigint) RETURNS @extschema@.mynumber
	AS 'MODULE_PATHNAME', 'mynumber_from_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mynumber(bigint) IS 'explicit cast bigint -> mynumber, validated';
CREATE CAST (bigint AS @extschema@.mynumber) WITH FUNCTION @extschema@.mynumber(bigint);

-- Helpers.
CREATE FUNCTION @extschema@.mynumber_is_valid(text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'mynumber_is_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mynumber_is_valid(text) IS 'true when the text is a valid Individual Number in any accepted notation; never raises';
CREATE FUNCTION @extschema@.mynumber_check_digit(text) RETURNS integer
	AS 'MODULE_PATHNAME', 'mynumber_check_digit' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mynumber_check_digit(text) IS 'check digit (0-9) for an 11-digit Individual Number base';
CREATE FUNCTION @extschema@.mynumber_mask(@extschema@.mynumber) RETURNS text
	AS 'MODULE_PATHNAME', 'mynumber_mask' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mynumber_mask(@extschema@.mynumber) IS 'the number with all but the last four digits hidden';
