# Files named with terminal escape sequences: check shows them escaped.
mkunit "$W/d"
: >"$W/d/$(printf '\033[2J')x.csv"
: >"$W/d/2023-autumn/$(printf '\033]0;owned\007')y.csv"
(cd "$W" && run check -d d)
