#!/bin/bash
# copy the phase-2 files into the worktree (after main with the registry is merged)
set -e
S=$(cd "$(dirname "$0")" && pwd)
W=$(cd "$S/../.." && pwd)
cp $S/285_access_registry.sql $S/286_access_report.sql $S/287_access_counter.sql $S/290_access_rights_seed.sql $W/src/sql/
sed -i 's/^AS \$\$ SELECT NULL::text WHERE false \$\$;/AS $$ SELECT o.office_code FROM @extschema@.office o WHERE o.lg_code::text OPERATOR(pg_catalog.=) p_lg_code $$;/; s/^-- list is the registry.s; until it exists this returns no row./-- list is the registry'"'"'s (zeimu.office)./' $W/src/sql/220_access_helpers.sql
cp $S/41_access_rls.sql $S/42_access_attacks.sql $W/test/pgtap/
mkdir -p $W/sql $W/expected $W/bench $W/scripts/demo-steps
cp $S/access_copy.sql $W/sql/; cp $S/access_copy.out $W/expected/
cp $S/access.sh $W/bench/; chmod +x $W/bench/access.sh
cp $S/40_access.sql $W/scripts/demo-steps/
echo integrated
