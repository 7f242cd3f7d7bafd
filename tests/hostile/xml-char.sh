# U+FFFE in a 摘要 and U+FFFF in the summary: XML 1.0 cannot hold them,
# so each is an error at its place (model.xml would not parse).
mkdata "$W/data"
printf '2023-09-30,记-999,办公费,购纸\357\277\276,,1.00,刘晓梅,陈立新\n' \
    >>"$W/data/2023-autumn/ledger.csv"
printf '\n末尾\357\277\277。\n' >>"$W/data/2024-spring/summary.md"
(cd "$W" && run_only 'xml-char\|^sunlight:' build -d data -t "$TOP/templates" -o out)
