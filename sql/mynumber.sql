-- zeimu.mynumber: smoke test of the pipeline (expanded by the ident suite)
SELECT '123456789018'::zeimu.mynumber;
SELECT '123456789017'::zeimu.mynumber;
