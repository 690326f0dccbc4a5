-- ident: the Corporate Number (法人番号) type, zeimu.corporate_number, and the
-- invoice registration number (T + 13 digits).  int8-backed like mynumber;
-- the leading check digit follows 平成26年財務省令第70号第2条 (src/corporate_number.c).

CREATE TYPE @extschema@.corporate_number;

-- I/O functions are not LEAKPROOF: their errors describe the input.  send is
-- the core int8send (the wire format is a plain int8); recv re-validates.
CREATE FUNCTION @extschema@.corporate_number_in(cstring) RETURNS @extschema@.corporate_number
	AS 'MODULE_PATHNAME', 'corporate_number_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.corporate_number_out(@extschema@.corporate_number) RETURNS cstring
	AS 'MODULE_PATHNAME', 'corporate_number_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.corporate_number_recv(internal) RETURNS @extschema@.corporate_number
	AS 'MODULE_PATHNAME', 'corporate_number_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.corporate_number_send(@extschema@.corporate_number) RETURNS bytea
	AS 'int8send' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.corporate_number (
	INPUT = @extschema@.corporate_number_in,
	OUTPUT = @extschema@.corporate_number_out,
	RECEIVE = @extschema@.corporate_number_recv,
	SEND = @extschema@.corporate_number_send,
	LIKE = pg_catalog.int8
);
COMMENT ON TYPE @extschema@.corporate_number IS 'Corporate Number (法人番号): 13 digits, leading check digit per 平成26年財務省令第70号第2条';

-- Comparison support: the core int8 functions under our type.  They cannot fail
-- and return nothing but the comparison, so they are LEAKPROOF.
CREATE FUNCTION @extschema@.corporate_number_eq(@extschema@.corporate_number, @extschema@.corporate_number) RETURNS boolean
	AS 'int8eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.corporate_number_ne(@extschema@.corporate_number, @extschema@.corporate_number) RETURNS boolean
	AS 'int8ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.corporate_number_lt(@extschema@.corporate_number, @extschema@.corporate_number) RETURNS boolean
	AS 'int8lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.corporate_number_le(@extschema@.corporate_number, @extschema@.corporate_number) RETURNS boolean
	AS 'int8le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.corporate_number_gt(@extschema@.corporate_number, @extschema@.corporate_number) RETURNS boolean
	AS 'int8gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.corporate_number_ge(@extschema@.corporate_number, @extschema@.corporate_number) RETURNS boolean
	AS 'int8ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.corporate_number_cmp(@extschema@.corporate_number, @extschema@.corporate_number) RETURNS integer
	AS 'btint8cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.corporate_number_sortsupport(internal) RETURNS void
	AS 'btint8sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.corporate_number_hash(@extschema@.corporate_number) RETURNS integer
	AS 'hashint8' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.corporate_number_hash_extended(@extschema@.corporate_number, bigint) RETURNS bigint
	AS 'hashint8extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.corporate_number, RIGHTARG = @extschema@.corporate_number,
	FUNCTION = @extschema@.corporate_number_eq, COMMUTATOR = OPERATOR(@extschema@.=),
	NEGATOR = OPERATOR(@extschema@.<>), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.corporate_number, RIGHTARG = @extschema@.corporate_number,
	FUNCTION = @extschema@.corporate_number_ne, COMMUTATOR = OPERATOR(@extschema@.<>),
	NEGATOR = OPERATOR(@extschema@.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR @extschema@.< (
	LEFTARG = @extschema@.corporate_number, RIGHTARG = @extschema@.corporate_number,
	FUNCTION = @extschema@.corporate_number_lt, COMMUTATOR = OPERATOR(@extschema@.>),
	NEGATOR = OPERATOR(@extschema@.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR @extschema@.<= (
	LEFTARG = @extschema@.corporate_number, RIGHTARG = @extschema@.corporate_number,
	FUNCTION = @extschema@.corporate_number_le, COMMUTATOR = OPERATOR(@extschema@.>=),
	NEGATOR = OPERATOR(@extschema@.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR @extschema@.> (
	LEFTARG = @extschema@.corporate_number, RIGHTARG = @extschema@.corporate_number,
	FUNCTION = @extschema@.corporate_number_gt, COMMUTATOR = OPERATOR(@extschema@.<),
	NEGATOR = OPERATOR(@extschema@.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR @extschema@.>= (
	LEFTARG = @extschema@.corporate_number, RIGHTARG = @extschema@.corporate_number,
	FUNCTION = @extschema@.corporate_number_ge, COMMUTATOR = OPERATOR(@extschema@.<=),
	NEGATOR = OPERATOR(@extschema@.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);

CREATE OPERATOR CLASS @extschema@.corporate_number_ops DEFAULT FOR TYPE @extschema@.corporate_number USING btree AS
	OPERATOR 1 @extschema@.<,
	OPERATOR 2 @extschema@.<=,
	OPERATOR 3 @extschema@.=,
	OPERATOR 4 @extschema@.>=,
	OPERATOR 5 @extschema@.>,
	FUNCTION 1 @extschema@.corporate_number_cmp(@extschema@.corporate_number, @extschema@.corporate_number),
	FUNCTION 2 @extschema@.corporate_number_sortsupport(internal),
	FUNCTION 4 pg_catalog.btequalimage(oid);
CREATE OPERATOR CLASS @extschema@.corporate_number_ops DEFAULT FOR TYPE @extschema@.corporate_number USING hash AS
	OPERATOR 1 @extschema@.=,
	FUNCTION 1 @extschema@.corporate_number_hash(@extschema@.corporate_number),
	FUNCTION 2 @extschema@.corporate_number_hash_extended(@extschema@.corporate_number, bigint);

-- Casts.  text -> corporate_number validates (allowed in assignment);
-- corporate_number -> text in assignment (a corporate number is public, 番号法第39条第4項);
-- bigint -> corporate_number explicit and validated.
CREATE CAST (text AS @extschema@.corporate_number) WITH INOUT AS ASSIGNMENT;
CREATE CAST (@extschema@.corporate_number AS text) WITH INOUT AS ASSIGNMENT;
CREATE FUNCTION @extschema@.corporate_number(bigint) RETURNS @extschema@.corporate_number
	AS 'MODULE_PATHNAME', 'corporate_number_from_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.corporate_number(bigint) IS 'explicit cast bigint -> corporate_number, validated';
CREATE CAST (bigint AS @extschema@.corporate_number) WITH FUNCTION @extschema@.corporate_number(bigint);

-- Helpers.
CREATE FUNCTION @extschema@.corporate_number_is_valid(text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'corporate_number_is_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.corporate_number_is_valid(text) IS 'true when the text is a valid corporate number in any accepted notation; never raises';
CREATE FUNCTION @extschema@.corporate_number_check_digit(text) RETURNS integer
	AS 'MODULE_PATHNAME', 'corporate_number_check_digit' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.corporate_number_check_digit(text) IS 'leading check digit (1-9) for a 12-digit corporate number base';
CREATE FUNCTION @extschema@.invoice_registration_number(text) RETURNS @extschema@.corporate_number
	AS 'MODULE_PATHNAME', 'invoice_registration_number' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.invoice_registration_number(text) IS 'the corporate number inside an invoice registration number written T + 13 digits (T or full-width Ｔ)';
CREATE FUNCTION @extschema@.invoice_registration_number_is_valid(text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'invoice_registration_number_is_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.invoice_registration_number_is_valid(text) IS 'true when the text is T + a valid corporate number; never raises';
CREATE FUNCTION @extschema@.to_invoice_registration_number(@extschema@.corporate_number) RETURNS text
	AS 'MODULE_PATHNAME', 'to_invoice_registration_number' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.to_invoice_registration_number(@extschema@.corporate_number) IS 'the invoice registration number T + 13 digits for a corporate number';
