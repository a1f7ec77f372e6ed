/*
 * Shared by the fuzz targets and the replay driver. Each fuzz_<target>.c
 * defines LLVMFuzzerTestOneInput; with -DSPECSYNC_FUZZ=ON (clang) it is
 * linked with libFuzzer, otherwise with replay.c, which feeds it every file
 * of a seed corpus so that the corpora run as ordinary tests.
 */
#ifndef SPECSYNC_FUZZ_H
#define SPECSYNC_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
