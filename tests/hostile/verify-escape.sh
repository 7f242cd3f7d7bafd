# A file named with a terminal escape sequence: shown escaped.
mkbag "$W/bag"
printf 'x' >"$W/bag/data/$(printf '\033[2J\033]0;owned\007')x.txt"
run verify "$W/bag"
