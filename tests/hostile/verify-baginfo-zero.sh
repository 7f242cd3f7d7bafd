# bag-info.txt is a link to /dev/zero: not read (it would never end).
mkbag "$W/bag"
ln -s /dev/zero "$W/bag/bag-info.txt"
run verify "$W/bag"
