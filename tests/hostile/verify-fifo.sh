# A FIFO listed in the manifest: never opened (it would block forever).
mkbag "$W/bag"
mkfifo "$W/bag/data/pipe"
list "$W/bag" data/pipe
run verify "$W/bag"
