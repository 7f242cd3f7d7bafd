# The same data given to build: the same error at the same row, no
# template errors, nothing written.
mkunit "$W/d"
awk 'BEGIN { for (i = 1; i <= 10000; i++)
    printf "2023-09-01,记-%05d,办公费,购纸,9999999999999.99,,张三,李四\n", i }' \
    >>"$W/d/2023-autumn/ledger.csv"
(cd "$W" && run_only ': 错误: \|^sunlight:' build -d d -t "$TOP/templates" -o out)
cat >"$W.after" <<'AFTER'
if [ ! -e out ] && [ -z "$(ls -A | grep sunlight)" ]
then pass "hostile overflow-build: nothing written"
else fail "hostile overflow-build: nothing written" "$(ls -la)"; fi
AFTER
