# A 60 KB 摘要 (20,000 characters, under the 64 KB cell limit) would
# wrap to pages of one register row in the audit pack: an error at its
# cell, measured at the register's column width against the page; the
# previous out/ is left as it was.
mkdata "$W/data"
(cd "$W" && "$SUNLIGHT" build -d data -t "$TOP/templates" -o out >/dev/null 2>&1)
(cd "$W/out" && find . -type f | LC_ALL=C sort | xargs sha256sum) >"$W.sum"
awk 'BEGIN { printf "2023-09-30,记-999,办公费,"
    for (i = 0; i < 20000; i++) printf "纸"
    print ",,1.00,刘晓梅,陈立新" }' >>"$W/data/2023-autumn/ledger.csv"
(cd "$W" && run_only ': 错误: \|^sunlight:' build -d data -t "$TOP/templates" -o out)
cat >"$W.after" <<'AFTER'
if (cd out && find . -type f | LC_ALL=C sort | xargs sha256sum) | cmp -s - "$W.sum"
then pass "hostile row-too-tall: out/ intact"
else fail "hostile row-too-tall: out/ intact" "out/ changed"; fi
if [ -z "$(ls -d .out.sunlight-* 2>/dev/null)" ]
then pass "hostile row-too-tall: no staging left"
else fail "hostile row-too-tall: no staging left" "$(ls -d .out.sunlight-*)"; fi
AFTER
