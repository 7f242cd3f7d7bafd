# unit.md repeats a subsidy_standard key; a subsidy row matches the
# second amount.  (This leaked the list of standards: run under ASan.)
mkdata "$W/data"
sed -i 's/^subsidy_standard.建档立卡: 1000.00$/subsidy_standard.建档立卡: 800.00\nsubsidy_standard.建档立卡: 1000.00/' "$W/data/unit.md"
(cd "$W" && run_only 'unit.md\|建档立卡\|subsidy' check -d data)
