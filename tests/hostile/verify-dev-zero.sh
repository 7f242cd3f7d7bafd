# A link to /dev/zero listed in the manifest: not followed, not read.
mkbag "$W/bag"
ln -s /dev/zero "$W/bag/data/zero"
list "$W/bag" data/zero
run verify "$W/bag"
