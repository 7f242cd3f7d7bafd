/*
 * Digests through libcrypto (EVP), by the names BagIt uses.
 * See digest.h for the contract of each exported function.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "util.h"
#include "digest.h"

/* Lowercase hex of n bytes into hex (2n + 1 bytes). */
static void
hex_encode(const unsigned char *md, unsigned int n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	unsigned int	 i;

	for (i = 0; i < n; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 0xf];
	}
	hex[2 * n] = '\0';
}

/* Digest of what is left to read on fd; -1 with errno set. */
static int
digest_stream(const EVP_MD *md, int fd, char *hex)
{
	unsigned char	 chunk[65536], out[EVP_MAX_MD_SIZE];
	unsigned int	 n;
	ssize_t		 got = 0;
	EVP_MD_CTX	*ctx;
	int		 rc = 0;

	if ((ctx = EVP_MD_CTX_new()) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	errno = 0;
	if (EVP_DigestInit_ex(ctx, md, NULL) != 1)
		rc = -1;
	while (rc == 0 && ((got = read(fd, chunk, sizeof(chunk))) > 0 ||
	    (got == -1 && errno == EINTR)))
		if (got > 0 && EVP_DigestUpdate(ctx, chunk, (size_t)got) != 1)
			rc = -1;
	if (rc == 0 && got == -1)
		rc = -1;
	if (rc == 0 && EVP_DigestFinal_ex(ctx, out, &n) != 1)
		rc = -1;
	EVP_MD_CTX_free(ctx);
	if (rc == 0)
		hex_encode(out, n, hex);
	else if (errno == 0)
		errno = EIO;
	return rc;
}

/* Digest of the file at path with md; -1 with errno set. */
static int
digest_path(const EVP_MD *md, const char *path, char *hex)
{
	int	 fd, rc, e;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	rc = digest_stream(md, fd, hex);
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

int
digest_sha256_file(const char *path, char hex[65])
{
	return digest_path(EVP_sha256(), path, hex);
}

void
digest_sha256_buf(const void *buf, size_t len, char hex[65])
{
	unsigned char	 out[EVP_MAX_MD_SIZE];
	unsigned int	 n;

	if (EVP_Digest(buf, len, out, &n, EVP_sha256(), NULL) != 1) {
		sys_fatal("libcrypto: 计算 SHA-256 失败");
	}
	hex_encode(out, n, hex);
}

/* The digest BagIt calls alg ("sha256"), or NULL if unknown. */
static const EVP_MD *
digest_by_name(const char *alg)
{
	return EVP_get_digestbyname(alg);
}

size_t
digest_hexlen(const char *alg)
{
	const EVP_MD	*md = digest_by_name(alg);

	return md == NULL ? 0 : 2 * (size_t)EVP_MD_size(md);
}

int
digest_file(const char *alg, const char *path, char hex[DIGEST_HEX_MAX])
{
	const EVP_MD	*md;

	if ((md = digest_by_name(alg)) == NULL)
		return -2;
	return digest_path(md, path, hex);
}

int
digest_fd(const char *alg, int fd, char hex[DIGEST_HEX_MAX])
{
	const EVP_MD	*md;

	if ((md = digest_by_name(alg)) == NULL)
		return -2;
	return digest_stream(md, fd, hex);
}
