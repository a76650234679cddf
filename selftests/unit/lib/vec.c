// SPDX-License-Identifier: GPL-2.0
/* Test helpers: find, read and decode the golden vectors in ../shared/vectors. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

#ifndef DEFTT_VECTORS
#define DEFTT_VECTORS "../shared/vectors"
#endif
#ifndef DEFTT_TESTDATA_DIR
#define DEFTT_TESTDATA_DIR "selftests/unit/data"
#endif

const char *vec_path(const char *rel)
{
	static char buf[4096];
	const char *root = getenv("DEFTT_VECTORS");

	if (!root || !*root)
		root = DEFTT_VECTORS;
	snprintf(buf, sizeof(buf), "%s/%s", root, rel);
	return buf;
}

const char *vec_data(const char *name)
{
	static char buf[4096];
	const char *dir = getenv("DEFTT_TESTDATA");

	if (!dir || !*dir)
		dir = DEFTT_TESTDATA_DIR;
	snprintf(buf, sizeof(buf), "%s/%s", dir, name);
	return buf;
}

uint8_t *vec_read(const char *rel, size_t *len)
{
	FILE *f = fopen(rel[0] == '/' ? rel : vec_path(rel), "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (n + 4097 > cap) {
			uint8_t *nb;

			cap = cap ? cap * 2 : 8192;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, 4096, f);
		n += got;
	} while (got);
	fclose(f);
	buf[n] = 0;
	if (len)
		*len = n;
	return buf;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

long vec_unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;

	for (; *hex; hex++) {
		int v;

		if (isspace((unsigned char)*hex))
			continue;
		v = hexval(*hex);
		if (v < 0)
			return -1;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n >= cap)
			return -1;
		out[n++] = hi << 4 | v;
		hi = -1;
	}
	return hi < 0 ? (long)n : -1;
}

static const char *skip_value(const char *p)
{
	int depth = 0;
	int in_str = 0;

	for (; *p; p++) {
		if (in_str) {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == '"')
				in_str = 0;
			else
				continue;
			if (!in_str && depth == 0)
				return p + 1;
			continue;
		}
		switch (*p) {
		case '"':
			in_str = 1;
			break;
		case '{':
		case '[':
			depth++;
			break;
		case '}':
		case ']':
			if (depth == 0)
				return p;
			if (--depth == 0)
				return p + 1;
			break;
		case ',':
			if (depth == 0)
				return p;
			break;
		}
	}
	return p;
}

char *vec_json_get(const char *json, const char *key)
{
	size_t kl = strlen(key);
	const char *p = json;

	while ((p = strchr(p, '"'))) {
		const char *v, *e;
		char *out;

		if (strncmp(p + 1, key, kl) || p[kl + 1] != '"') {
			p++;
			continue;
		}
		v = p + kl + 2;
		while (isspace((unsigned char)*v))
			v++;
		if (*v != ':') {
			p++;
			continue;
		}
		v++;
		while (isspace((unsigned char)*v))
			v++;
		if (*v == '"') {
			size_t n = 0;

			out = malloc(strlen(v) + 1);
			if (!out)
				return NULL;
			for (v++; *v && *v != '"'; v++) {
				if (*v == '\\' && v[1]) {
					v++;
					out[n++] = *v == 'n' ? '\n' : *v;
					continue;
				}
				out[n++] = *v;
			}
			out[n] = 0;
			return out;
		}
		e = skip_value(v);
		while (e > v && isspace((unsigned char)e[-1]))
			e--;
		out = strndup(v, e - v);
		return out;
	}
	return NULL;
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **vec_list(const char *reldir, const char *suffix)
{
	DIR *d = opendir(reldir[0] == '/' ? reldir : vec_path(reldir));
	size_t sl = strlen(suffix), n = 0, cap = 16;
	char **list = calloc(cap, sizeof(*list));
	struct dirent *de;

	if (!d || !list) {
		if (d)
			closedir(d);
		free(list);
		return NULL;
	}
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);

		if (l < sl || strcmp(de->d_name + l - sl, suffix))
			continue;
		if (n + 2 > cap) {
			char **nl = realloc(list, (cap *= 2) * sizeof(*list));

			if (!nl)
				break;
			list = nl;
		}
		list[n++] = strdup(de->d_name);
	}
	closedir(d);
	list[n] = NULL;
	qsort(list, n, sizeof(*list), cmpstr);
	return list;
}

void vec_free_list(char **list)
{
	for (char **p = list; p && *p; p++)
		free(*p);
	free(list);
}
