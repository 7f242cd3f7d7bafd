# A manifest line with a 1 MB path: reported at its line, the rest read.
mkbag "$W/bag"
mv "$W/bag/manifest-sha256.txt" "$W/m"
{
	printf '%064d  data/' 0
	head -c 1048576 /dev/zero | tr '\0' x
	printf '\n'
	cat "$W/m"
} >"$W/bag/manifest-sha256.txt"
run verify "$W/bag"
