/*
 * Former home of the first-parent walk with the cache, now walk.h; kept
 * so that code written against it still compiles.
 */
#ifndef SPECSYNC_HISTORY_H
#define SPECSYNC_HISTORY_H

#include "walk.h"

#endif
