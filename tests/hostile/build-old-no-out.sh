# With out/ missing, a user's out.old-2023 is not taken for an
# interrupted build: it stays where it is, and out/ is built fresh.
mkdata "$W/data"
mkdir -p "$W/out.old-2023"
echo '年度报告' >"$W/out.old-2023/report.docx"
(cd "$W" && run_sys build -d data -t "$TOP/templates" -o out)
cat >"$W.after" <<'AFTER'
if grep -q 年度报告 out.old-2023/report.docx && [ ! -e out/report.docx ] &&
    [ -f out/site/index.html ]
then pass "hostile build-old-no-out: out.old-2023 kept, out/ new"
else fail "hostile build-old-no-out: out.old-2023 kept, out/ new" "$(ls -laR)"; fi
AFTER
