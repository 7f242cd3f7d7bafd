/*
 * Whole folders for the district build: copy a tree byte for byte with
 * its modes (a failed unit keeps its previous outputs; merge copies
 * shards), remove a tree, list a folder.  Symbolic links are never
 * followed: a link inside a tree to copy is an error.
 */
#ifndef SUNLIGHT_FSTREE_H
#define SUNLIGHT_FSTREE_H

#include <stddef.h>

/*
 * Copy the tree at from to to (which must not exist; its parent is
 * made), files with their mode, folders with theirs.  0, or -1 after a
 * message "sunlight: <path>: <strerror>".
 */
int	 fstree_copy(const char *from, const char *to);
/* Remove a file or tree; a missing one is fine.  -1 after a message. */
int	 fstree_remove(const char *path);
/*
 * Entry names of a folder, sorted (strcmp), without "." and "..";
 * dotfiles only when dots is set.  NULL with errno set on failure.
 * Free with fstree_names_free.
 */
char	**fstree_names(const char *dir, int dots, size_t *n);
void	 fstree_names_free(char **, size_t);
/* 1 if path is a folder (not a link to one), 0 if not or missing. */
int	 fstree_isdir(const char *path);

#endif
