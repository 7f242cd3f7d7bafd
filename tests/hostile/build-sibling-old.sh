# Folders of the user's beside out/ named like out.old-N or out.tmp-N
# (a year, a dead process id) are not ours: a build keeps them.
mkdata "$W/data"
mkdir -p "$W/out.old-2023" "$W/out.tmp-99999"
echo '年度报告' >"$W/out.old-2023/report.docx"
echo 'notes' >"$W/out.tmp-99999/notes.txt"
(cd "$W" && "$SUNLIGHT" build -d data -t "$TOP/templates" -o out >/dev/null 2>&1)
(cd "$W" && run_sys build -d data -t "$TOP/templates" -o out)
cat >"$W.after" <<'AFTER'
if grep -q 年度报告 out.old-2023/report.docx && grep -q notes out.tmp-99999/notes.txt &&
    [ -z "$(ls -A . | grep sunlight)" ]
then pass "hostile build-sibling-old: the user's folders are kept"
else fail "hostile build-sibling-old: the user's folders are kept" "$(ls -laR)"; fi
AFTER
