-- demo: identifiers — validating a batch of Individual Numbers, corporate numbers and local government codes
-- What a clerk would see for each input: whether it is valid, the stored form
-- (an Individual Number only masked), and otherwise the reason, which never
-- repeats more than the last four digits.
CREATE FUNCTION pg_temp.why(p_kind text, p_input text) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
	v_detail text;
BEGIN
	CASE p_kind
		WHEN 'mynumber' THEN PERFORM p_input::zeimu.mynumber;
		WHEN 'corporate_number' THEN PERFORM p_input::zeimu.corporate_number;
		WHEN 'invoice' THEN PERFORM zeimu.invoice_registration_number(p_input);
		WHEN 'lg_code' THEN PERFORM p_input::zeimu.lg_code;
	END CASE;
	RETURN NULL;
EXCEPTION WHEN invalid_text_representation THEN
	GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL;
	RETURN v_detail;
END
$$;

\echo
\echo 'Individual Numbers (個人番号) as a legacy system sends them: ASCII, grouped, full-width, and mistakes.'
-- (The inputs are sample numbers; even so the output shows how they were
-- written, not the digits.)
WITH batch(notation, input) AS (
	VALUES ('12 ASCII digits', '123456789018'), ('4-4-4, spaces', '1234 5678 9018'),
	       ('4-4-4, hyphens', '1234-5678-9018'), ('full-width digits', '１２３４５６７８９０１８'),
	       ('full-width, U+FF0D hyphens', '１２３４－５６７８－９０１８'), ('leading zero', '012345678903'),
	       ('last digit mistyped', '123456789017'), ('a digit missing', '12345678901'),
	       ('a letter typed', '1234a5678901'), ('mixed separators', '1234-5678 9018')
)
SELECT notation,
       zeimu.mynumber_is_valid(input) AS valid,
       CASE WHEN zeimu.mynumber_is_valid(input)
            THEN zeimu.mynumber_mask(input::zeimu.mynumber) END AS stored_as_masked,
       pg_temp.why('mynumber', input) AS reason
FROM batch;

\echo
\echo 'Corporate numbers (法人番号, leading check digit) and invoice registration numbers (T + 13 digits).'
WITH batch(kind, input) AS (
	VALUES ('corporate_number', '7000012050002'), ('corporate_number', '7-0000-1205-0002'),
	       ('corporate_number', '７－００００－１２０５－０００２'), ('corporate_number', '8000012050002'),
	       ('invoice', 'T7000012050002'), ('invoice', 'Ｔ1180301018771'),
	       ('invoice', '7000012050002'), ('invoice', 'T7000012050003')
)
SELECT kind, input,
       CASE kind WHEN 'invoice' THEN zeimu.invoice_registration_number_is_valid(input)
                 ELSE zeimu.corporate_number_is_valid(input) END AS valid,
       CASE WHEN kind = 'invoice' AND zeimu.invoice_registration_number_is_valid(input)
                 THEN zeimu.invoice_registration_number(input)::text
            WHEN kind = 'corporate_number' AND zeimu.corporate_number_is_valid(input)
                 THEN input::zeimu.corporate_number::text END AS corporate_number,
       pg_temp.why(kind, input) AS reason
FROM batch;

\echo
\echo 'Local government codes (全国地方公共団体コード): 6 digits, or 5 with the check digit appended.'
WITH batch(name, input) AS (
	VALUES ('新宿区', '131041'), ('渋谷区', '13113'), ('札幌市', '０１１００２'),
	       ('那覇市', '472018'), ('(typo)', '131042'), ('(no such prefecture)', '481234'),
	       ('(too long)', '1310411')
)
SELECT name, input, zeimu.lg_code_is_valid(input) AS valid,
       CASE WHEN zeimu.lg_code_is_valid(input) THEN input::zeimu.lg_code END AS lg_code,
       CASE WHEN zeimu.lg_code_is_valid(input) THEN zeimu.lg_code_prefecture(input::zeimu.lg_code) END AS prefecture,
       pg_temp.why('lg_code', input) AS reason
FROM batch;
