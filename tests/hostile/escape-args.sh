# A data folder and a command word carrying escape sequences: every echo
# of them, including the closing count line, is escaped.
mkdir "$W/$(printf 'e\033[2J')"
(cd "$W" && run check -d "$(printf 'e\033[2J')")
cp "$W.out" "$W.out1"; cp "$W.status" "$W.status1"
(cd "$W" && run_sys "$(printf '\033]0;owned\007')")
cat "$W.status" "$W.out" >>"$W.out1"
mv "$W.out1" "$W.out"; mv "$W.status1" "$W.status"
