-- demo: collection — late charges, refund interest and prescription by the law
\echo 'Rates in force (percent a year; national standard, 附則第3条の2):'
SELECT valid_from AS from_date, (late_first / 1000.0)::numeric(6, 3) AS first_month,
       (late_later / 1000.0)::numeric(6, 3) AS later, (deferral / 1000.0)::numeric(6, 3) AS deferral,
       (refund / 1000.0)::numeric(6, 3) AS refund_interest
  FROM zeimu.collection_rate_schedule('000000') WHERE valid_from >= '2021-01-01';

\echo ''
\echo '延滞金 on installments paid late (地方税法第326条①, 第20条の4の2②⑤):'
SELECT tax_amount, due_date, paid_date, zeimu.late_charge(tax_amount, due_date, paid_date) AS late_charge
  FROM (VALUES (100000::bigint, DATE '2025-01-31', DATE '2025-06-30'),
               (1000000, DATE '2025-04-30', DATE '2025-05-31'),
               (500000, DATE '2025-11-30', DATE '2026-03-31'),
               (1999, DATE '2020-11-30', DATE '2026-12-31'),
               (2000, DATE '2020-11-30', DATE '2026-12-31'),
               (1000000, DATE '2025-05-31', DATE '2025-05-31')) AS t(tax_amount, due_date, paid_date);

\echo ''
\echo 'How ¥1,500 is reached: ¥100,000 due 2025-01-31, ¥60,500 paid 2025-03-15, the rest 2025-06-30:'
SELECT * FROM zeimu.late_charge_ledger_segments(100000, '2025-01-31', '2025-06-30',
	'[{"date": "2025-03-15", "amount": 60500}, {"date": "2025-06-30", "amount": 39500}]');
SELECT zeimu.late_charge_ledger(100000, '2025-01-31', '2025-06-30',
	'[{"date": "2025-03-15", "amount": 60500}, {"date": "2025-06-30", "amount": 39500}]') AS late_charge;

\echo ''
\echo 'With 徴収猶予 from 2025-03-01 to 2025-04-30 on ¥1,000,000 (猶予特例 rate):'
SELECT * FROM zeimu.late_charge_ledger_segments(1000000, '2025-01-31', '2025-06-30', '[]',
	'[{"from": "2025-03-01", "to": "2025-04-30", "kind": "collection_deferral"}]');

\echo ''
\echo '還付加算金 on a ¥1,000,000 over-payment (法17条の4①一: from the day after payment 2025-09-30):'
SELECT zeimu.refund_interest_start('reduction', '2025-09-30') AS first_day,
       zeimu.refund_interest(1000000, zeimu.refund_interest_start('reduction', '2025-09-30'), '2026-03-31') AS refund_interest;

\echo ''
\echo 'Prescription of an installment with 法定納期限 2020-05-31, 督促 2020-07-10, 承認 2022-03-15:'
SELECT last_day, ground FROM zeimu.prescription_date('2020-05-31',
	'[{"kind": "dunning", "date": "2020-07-10"}, {"kind": "acknowledgement", "date": "2022-03-15"}]');
\pset format unaligned
SELECT explanation FROM zeimu.prescription_date('2020-05-31',
	'[{"kind": "dunning", "date": "2020-07-10"}, {"kind": "acknowledgement", "date": "2022-03-15"}]');
\pset format aligned
\echo ''
\echo '督促状 deadline for an installment due 2025-05-31 (法329条①):'
SELECT zeimu.dunning_deadline('2025-05-31') AS send_dunning_by;
