# -o inside the data folder through parents that do not exist yet:
# refused, and nothing is made under data/.
mkdata "$W/data"
(cd "$W" && run build -d data -o data/newdir/out)
cat >"$W.after" <<'AFTER'
if [ ! -e data/newdir ]
then pass "hostile build-out-in-data-new: nothing made in data/"
else fail "hostile build-out-in-data-new: nothing made in data/" "$(ls -la data)"; fi
AFTER
