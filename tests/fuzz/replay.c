/*
 * Replays fuzz inputs without libFuzzer: `replay_<target> PATH...` feeds
 * each file (each file of each directory, in name order) to the target's
 * LLVMFuzzerTestOneInput. A crash or a sanitizer report fails the test; so
 * does an empty corpus, which would test nothing.
 */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t size = 0, alloc = 0, n;
	unsigned char chunk[65536];

	if (!f) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (size + n > alloc) {
			unsigned char *p;
			alloc = (size + n) * 2;
			if (!(p = realloc(data, alloc))) {
				free(data);
				fclose(f);
				return -1;
			}
			data = p;
		}
		memcpy(data + size, chunk, n);
		size += n;
	}
	fclose(f);
	/* An exact-size copy, so that AddressSanitizer sees reads past the end. */
	{
		unsigned char *exact = malloc(size ? size : 1);
		if (!exact) {
			free(data);
			return -1;
		}
		if (size)
			memcpy(exact, data, size);
		free(data);
		LLVMFuzzerTestOneInput(exact, size);
		free(exact);
	}
	return 0;
}

static int compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file of `dir`; returns how many, or -1. */
static int run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t count = 0, alloc = 0;
	int runs = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (count == alloc) {
			char **p =
				realloc(names, (alloc = alloc ? alloc * 2 : 64) * sizeof(*names));
			if (!p)
				break;
			names = p;
		}
		if ((names[count] = malloc(strlen(dir) + strlen(e->d_name) + 2)) == NULL)
			break;
		sprintf(names[count++], "%s/%s", dir, e->d_name);
	}
	closedir(d);
	qsort(names, count, sizeof(*names), compare);
	for (size_t i = 0; i < count; i++) {
		struct stat st;
		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
			if (run_file(names[i]) < 0)
				runs = -1;
			else if (runs >= 0)
				runs++;
		}
		free(names[i]);
	}
	free(names);
	return runs;
}

int main(int argc, char **argv)
{
	int total = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		int n;

		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "replay: %s does not exist\n", argv[i]);
			return 1;
		}
		n = S_ISDIR(st.st_mode) ? run_dir(argv[i]) : run_file(argv[i]) == 0 ? 1 : -1;
		if (n < 0)
			return 1;
		total += n;
	}
	if (!total) {
		fprintf(stderr, "replay: no input given (an empty corpus tests nothing)\n");
		return 1;
	}
	printf("replay: %d input%s, no crash\n", total, total == 1 ? "" : "s");
	return 0;
}
