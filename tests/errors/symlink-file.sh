# A table that is a symbolic link (here to a file outside the data folder).
rm "$D/2023-autumn/budget.csv"
printf '科目,预算金额\n办公费,2000.00\n' >"$TMP/errors/outside-budget.csv"
ln -s "$TMP/errors/outside-budget.csv" "$D/2023-autumn/budget.csv"
