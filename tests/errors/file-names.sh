# Habits of office computers: the table named in Chinese with an upper-case
# extension, and the litter Windows, Excel and macOS leave beside it.
mv "$D/2023-autumn/ledger.csv" "$D/2023-autumn/收支明细.CSV"
mv "$D/2023-autumn/budget.csv" "$D/2023-autumn/Budget.csv"
for f in Thumbs.db desktop.ini '~$台账.xlsx' .DS_Store ._收支明细.CSV; do
	echo x >"$D/2023-autumn/$f"
done
