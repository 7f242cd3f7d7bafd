# Shared by the test scripts (sourced).  Every check prints one line,
# "PASS name" or "FAIL name: reason"; tests/run counts them.
# Environment: SUNLIGHT (the binary), TOP (repository root), TMP (scratch).

: "${TOP:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${SUNLIGHT:=$TOP/build/sunlight}"
: "${TMP:=$TOP/tests/tmp}"
mkdir -p "$TMP"

pass() { printf 'PASS %s\n' "$1"; }
fail() { printf 'FAIL %s: %s\n' "$1" "$2"; }

# check NAME COMMAND...: pass when the command succeeds.
check() {
	name=$1; shift
	if "$@" >"$TMP/check.out" 2>&1; then pass "$name"
	else fail "$name" "$(head -c 2000 "$TMP/check.out")"; fi
}

# same NAME EXPECTED-FILE ACTUAL-FILE: pass when identical, else the diff.
# With REGEN=1 the expected file is shown as a diff, then replaced.
same() {
	if [ -n "${REGEN:-}" ] && ! cmp -s "$2" "$3"; then
		diff -u "$2" "$3"; cp "$3" "$2"; pass "$1 (regenerated)"; return
	fi
	if [ ! -f "$2" ]; then fail "$1" "no expected file $2"; return; fi
	if cmp -s "$2" "$3"; then pass "$1"
	else fail "$1" "$(diff -u "$2" "$3" | head -40)"; fi
}

# Hash every file under a tree (paths relative to it), for comparisons.
treehash() {
	(cd "$1" && find . -type f | LC_ALL=C sort | xargs -r sha256sum)
}

# xmlparse NAME DIR: every .xml and .svg file under DIR parses as XML 1.0
# (xmllint); fails naming the first that does not, or when there is none.
xmlparse() {
	files=$(find "$2" -type f \( -name '*.xml' -o -name '*.svg' \) | LC_ALL=C sort)
	if [ -z "$files" ]; then fail "$1" "no XML file under $2"; return; fi
	for x in $files; do
		if ! xmllint --noout --nonet "$x" >"$TMP/xmllint.out" 2>&1; then
			fail "$1" "$x: $(head -c 600 "$TMP/xmllint.out")"; return
		fi
	done
	pass "$1"
}
