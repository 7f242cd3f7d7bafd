# Folders whose names are not periods, and a symbolic link posing as one.
mkdir "$D/2023-fall" "$D/..2023" "$D/2023-autumn.bak"
ln -s /etc "$D/2024-spring"
