/*
 * CODEOWNERS from the configuration's RACI (specsync_codeowners() and its
 * companions, declared in specsync.h). Reads an audit result: the sides'
 * paths, the RACI and, for scopes, where the requirements are.
 */
#ifndef SPECSYNC_CODEOWNERS_H
#define SPECSYNC_CODEOWNERS_H

#include "specsync.h"

#endif
