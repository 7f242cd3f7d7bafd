/*
 * PDF/A-2b (ISO 19005-2, level B) for the documents of the PDF engine,
 * private to pdf.c.  libharu 2.3.0's own PDF/A helpers write PDF/A-1
 * XMP with errors and a time-based /ID, so this module does the work:
 *
 *   pdfa_prepare	before HPDF_SaveToFile: the XMP metadata stream
 *			(built from the Info dictionary, so the two agree),
 *			the sRGB OutputIntent with its ICC profile, the
 *			print flag on every annotation, PDF 1.7 in the
 *			header and a placeholder trailer /ID;
 *   pdfa_seal		on the saved file: the placeholder /ID becomes
 *			a digest of the whole file, so identical documents
 *			stay byte-identical and different ones differ.
 *
 * The ICC profile is read at run time from Debian's icc-profiles-free
 * package (PDFA_ICC_PATH), or from $SUNLIGHT_ICC when that is set.
 */
#ifndef SUNLIGHT_PDFA_H
#define SUNLIGHT_PDFA_H

#include <stddef.h>

#include <hpdf.h>

#define PDFA_ICC_PATH	"/usr/share/color/icc/sRGB.icc"

/*
 * Make doc PDF/A-2b ready; call once, after the last drawing and
 * before saving.  path names the document in messages.  0, or -1
 * after a message on stderr (the profile is missing or unreadable).
 */
int	 pdfa_prepare(HPDF_Doc doc, const char *path);
/*
 * Replace the placeholder /ID in the saved file open read-write on fd
 * by the first 16 bytes of the file's SHA-256.  0; -1 with errno 0 if
 * the file does not end in a placeholder /ID (it was cut short), or
 * with errno set if reading or writing it failed.
 */
int	 pdfa_seal(int fd);

#endif
