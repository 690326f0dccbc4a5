-- demo: identifiers — validating a batch of Individual Numbers
\echo 'A batch as a legacy system sends it: ASCII, grouped, full-width, and mistakes.'
WITH batch(input) AS (
	VALUES ('123456789018'), ('1234 5678 9018'), ('1234-5678-9018'),
	       ('１２３４５６７８９０１８'), ('123456789017'), ('12345678901'), ('1234a5678901')
)
SELECT zeimu.mynumber_is_valid(input) AS valid,
       CASE WHEN zeimu.mynumber_is_valid(input)
            THEN zeimu.mynumber_mask(input::zeimu.mynumber) END AS stored_as_masked
FROM batch;
