# The longest 摘要 that still fits (870 characters: 38 lines, a whole
# page between 承前页 and 过次页 of the audit pack's ledger) builds; the
# audit pack passes qpdf --check and holds the whole memo on one page.
# 880 characters (39 lines) is one line too many: the measure is the
# row's wrapped height, not a character count.
mkdata "$W/data"
memo() {
	awk -v n="$1" 'BEGIN { printf "2023-09-30,记-999,办公费,"
	    for (i = 0; i < n; i++) printf "瞧"
	    print ",,1.00,刘晓梅,陈立新" }'
}
cp "$W/data/2023-autumn/ledger.csv" "$W/ledger.csv"
memo 880 >>"$W/data/2023-autumn/ledger.csv"
(cd "$W" && "$SUNLIGHT" build -d data -t "$TOP/templates" -o over) >"$W.over" 2>&1
cp "$W/ledger.csv" "$W/data/2023-autumn/ledger.csv"
memo 870 >>"$W/data/2023-autumn/ledger.csv"
(cd "$W" && run_only ': 错误: \|^sunlight:' build -d data -t "$TOP/templates" -o out)
cat >"$W.after" <<'AFTER'
if grep -q 'ledger.csv:301:4: 错误: 这一行在 audit.xml 里折成 39 行,一页最多排 38 行.*\[pdf.row-too-tall\]$' "$W.over"
then pass "hostile row-near-page: one line more is an error"
else fail "hostile row-near-page: one line more is an error" "$(grep error "$W.over")"; fi
f=out/private/2023-autumn-audit.pdf
if qpdf --check "$f" >"$W.qpdf" 2>&1
then pass "hostile row-near-page: qpdf --check"
else fail "hostile row-near-page: qpdf --check" "$(tail -3 "$W.qpdf")"; fi
n=$(pdfinfo "$f" | awk '/^Pages:/ { print $2 }')
found=
for p in $(seq 1 "$n"); do
	c=$(pdftotext -f "$p" -l "$p" "$f" - | grep -o 瞧 | wc -l)
	[ "$c" -gt 0 ] && found="$found $p:$c"
done
if echo "$found" | grep -qx ' [0-9]*:870'
then pass "hostile row-near-page: the memo whole on one page"
else fail "hostile row-near-page: the memo whole on one page" "pages:$found"; fi
AFTER
