/* SPDX-License-Identifier: GPL-2.0 */
/* Test helpers: find, read and decode the golden vectors in ../shared/vectors. */
#ifndef _DEFTT_TEST_VEC_H
#define _DEFTT_TEST_VEC_H

#include <stddef.h>
#include <stdint.h>

/* Absolute path of a file under the vectors root ($DEFTT_VECTORS or the
 * build-time default); the result is a static buffer reused by each call.
 */
const char *vec_path(const char *rel);
/*
 * Path of selftests/unit/data/<name> (published test vectors kept
 * in this tree), or of $DEFTT_TESTDATA/<name>; a static buffer, as above.
 */
const char *vec_data(const char *name);
/* Whole file, NUL-terminated (the NUL is not counted in *len); NULL on error.
 * Free with free().
 */
uint8_t *vec_read(const char *rel, size_t *len);
/* Decode hex (whitespace ignored); returns bytes written or -1. */
long vec_unhex(const char *hex, uint8_t *out, size_t cap);
/*
 * The value of the first "key": in a JSON text, as a malloc'ed string:
 * strings without their quotes (escapes \" \\ \/ \n kept simple), numbers,
 * true/false/null, objects and arrays as their raw text. NULL if absent.
 */
char *vec_json_get(const char *json, const char *key);
/* Names of the files in a vectors directory matching a suffix (NULL-terminated
 * array, sorted; free with vec_free_list()).
 */
char **vec_list(const char *reldir, const char *suffix);
void vec_free_list(char **list);

#endif
