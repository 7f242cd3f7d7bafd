#!/bin/sh
# Screenshots of the rendered site with headless Chromium, to be looked
# at: the home page and the period's summary, fee, finance, repair,
# complaint and canteen pages at phone (390 px) and desktop (1280 px)
# width, and the fee notice printed to A4 PDF.  tests/site/measure.html
# checks the same layouts by numbers.
#
#	sh tests/shots/shoot.sh SITE-DIR OUT-DIR [PERIOD]
#
# With PRINT_ONLY=1 only the A4 print is made (for the test suite).
# Prints the files written and "pages: N" for the printed notice; exits
# 1 when the notice does not print on exactly one page.
set -eu
site=$(cd "$1" && pwd)
out=$2
period=${3:-$(cd "$site" && ls -d ????-* | tail -1)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome)

chrome() {
	profile=$(mktemp -d)
	"$browser" --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --disable-component-update \
	    --disable-sync --no-first-run --hide-scrollbars \
	    --user-data-dir="$profile" "$@" >/dev/null 2>&1 || true
	rm -rf "$profile"
}

shot() {	# name width height page
	chrome --screenshot="$out/$1.png" --window-size="$2,$3" \
	    "file://$site/$4"
	echo "$out/$1.png"
}

if [ -z "${PRINT_ONLY:-}" ]; then
	for p in fees finance repairs complaints canteen index; do
		shot "$p-phone" 390 1800 "$period/$p.html"
		shot "$p-desktop" 1280 1200 "$period/$p.html"
	done
	shot home-phone 390 1200 index.html
	shot home-desktop 1280 1000 index.html
fi
chrome --print-to-pdf="$out/fees-a4.pdf" --no-pdf-header-footer \
    "file://$site/$period/fees.html"
echo "$out/fees-a4.pdf"
pages=$(pdfinfo "$out/fees-a4.pdf" | awk '/^Pages:/ { print $2 }')
size=$(pdfinfo "$out/fees-a4.pdf" | awk '/^Page size:/ { print $3 "x" $5 }')
echo "pages: $pages size: $size"
if [ -z "${PRINT_ONLY:-}" ] && command -v pdftoppm >/dev/null; then
	pdftoppm -png -r 60 -f 1 -l 1 "$out/fees-a4.pdf" "$out/fees-a4"
	echo "$out/fees-a4-1.png"
fi
[ "$pages" = 1 ]
