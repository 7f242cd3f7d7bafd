# The data folder moved inside out/: refused before anything is touched.
mkdata "$W/data"
(cd "$W" && "$SUNLIGHT" build -d data -t "$TOP/templates" -o out >/dev/null 2>&1)
mv "$W/data" "$W/out/data"
(cd "$W" && run build -d out/data -o out)
cat >"$W.after" <<'AFTER'
if [ -f out/data/unit.md ] && [ -f out/site/index.html ]
then pass "hostile build-data-in-out: data and out/ intact"
else fail "hostile build-data-in-out: data and out/ intact" "$(ls -la out)"; fi
AFTER
