/*
 * Digests through libcrypto (EVP), by the names BagIt uses.
 * See digest.h for the contract of each exported function.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

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

/* Digest of an open stream with md; -1 with errno set on a read error. */
static int
digest_stream(const EVP_MD *md, FILE *fp, char *hex)
{
	unsigned char	 chunk[65536], out[EVP_MAX_MD_SIZE];
	unsigned int	 n;
	size_t		 got;
	EVP_MD_CTX	*ctx;
	int		 rc = 0;

	if ((ctx = EVP_MD_CTX_new()) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	if (EVP_DigestInit_ex(ctx, md, NULL) != 1)
		rc = -1;
	while (rc == 0 && (got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (EVP_DigestUpdate(ctx, chunk, got) != 1)
			rc = -1;
	if (rc == 0 && ferror(fp))
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
	FILE	*fp;
	int	 rc, e;

	if ((fp = fopen(path, "rb")) == NULL)
		return -1;
	errno = 0;
	rc = digest_stream(md, fp, hex);
	e = errno;
	fclose(fp);
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
		sys_warnx("libcrypto: SHA-256 failed");
		exit(EXIT_SYSTEM);
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
