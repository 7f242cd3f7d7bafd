# A 100 MB manifest (sparse): over the tag-file limit, not read.
mkbag "$W/bag"
truncate -s 100M "$W/bag/manifest-sha256.txt"
run verify "$W/bag"
