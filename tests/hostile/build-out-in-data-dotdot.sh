# The same through a link and "..": data/../data/x resolves into data/.
mkdata "$W/data"
ln -s data "$W/link"
(cd "$W" && run build -d data -o link/../link/new/out)
