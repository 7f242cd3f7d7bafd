# A period folder without its ledger, and a stray file beside it.
rm "$D/2023-autumn/ledger.csv"
echo x > "$D/2023-autumn/Ledger.txt"
