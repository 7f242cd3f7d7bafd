# data/ is a link to /: the walk does not leave the bag.
mkbag "$W/bag"
rm -r "$W/bag/data"
ln -s / "$W/bag/data"
run verify "$W/bag"
