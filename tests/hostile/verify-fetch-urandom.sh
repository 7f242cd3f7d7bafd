# fetch.txt is a link to /dev/urandom: not read.
mkbag "$W/bag"
ln -s /dev/urandom "$W/bag/fetch.txt"
run verify "$W/bag"
