# A NUL byte in a manifest line: that line is reported, the next is read.
mkbag "$W/bag"
mv "$W/bag/manifest-sha256.txt" "$W/m"
{ printf 'abc\000def\n'; cat "$W/m"; } >"$W/bag/manifest-sha256.txt"
run verify "$W/bag"
