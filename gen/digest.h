/*
 * Digests from libcrypto (EVP), named as BagIt spells them ("md5",
 * "sha1", "sha256", "sha512", ...).  No function here prints.
 */
#ifndef SUNLIGHT_DIGEST_H
#define SUNLIGHT_DIGEST_H

#include <stddef.h>

/* Room for the hex digest of any supported algorithm, with its NUL. */
#define DIGEST_HEX_MAX	129

/* SHA-256 of a file, lowercase hex; -1 with errno set. */
int	 digest_sha256_file(const char *path, char hex[65]);
/* SHA-256 of a buffer, lowercase hex. */
void	 digest_sha256_buf(const void *, size_t, char hex[65]);
/* Length of the hex digest of algorithm alg; 0 when libcrypto lacks it. */
size_t	 digest_hexlen(const char *alg);
/*
 * Digest of a file by algorithm name: 0, -1 with errno set on a read
 * error, -2 for an algorithm libcrypto does not know.
 */
int	 digest_file(const char *alg, const char *path,
	    char hex[DIGEST_HEX_MAX]);
/* The same for what is left to read on an open fd, which stays open. */
int	 digest_fd(const char *alg, int fd, char hex[DIGEST_HEX_MAX]);

#endif
