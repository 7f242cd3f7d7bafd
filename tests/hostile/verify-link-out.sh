# A payload file that is a link to a file outside the bag, with matching
# manifest and Payload-Oxum: refused, not verified "OK".
mkbag "$W/bag"
printf 'secret\n' >"$W/outside.txt"
ln -s "$W/outside.txt" "$W/bag/data/secret"
list "$W/bag" data/secret "$W/outside.txt"
printf 'Payload-Oxum: 13.2\n' >"$W/bag/bag-info.txt"
run verify "$W/bag"
