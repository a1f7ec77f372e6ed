/*
 * A result's accessors and the names of its enumerations (public API:
 * include/specsync.h); result.c makes results.
 */
#include "common.h"
#include "result.h"
#include "skipped.h"

/* ---- accessors ---------------------------------------------------------- */

const char *specsync_result_warnings(const specsync_result *result)
{
	return result ? result->warnings : NULL;
}

const specsync_skipped_file *specsync_result_skipped(const specsync_result *result,
						     size_t *count)
{
	*count = result ? result->skipped_count : 0;
	return *count ? result->skipped : NULL;
}

const char *specsync_skip_reason_name(specsync_skip_reason reason)
{
	static const char *const names[] = {"binary", "utf-16", "too-large"};

	return (unsigned)reason < 3 ? names[reason] : "unknown";
}

const char *specsync_result_head(const specsync_result *result)
{
	return result->head;
}

size_t specsync_result_commit_count(const specsync_result *result)
{
	return result->commit_count;
}

const specsync_finding *specsync_result_findings(const specsync_result *result, size_t *count)
{
	*count = result->finding_count;
	return result->findings;
}

const specsync_requirement *specsync_result_requirements(const specsync_result *result,
							 size_t *count)
{
	*count = result->requirement_count;
	return result->requirements;
}

const specsync_config *specsync_result_config(const specsync_result *result)
{
	return result->cfg;
}

const specsync_commit_info *specsync_result_baseline(const specsync_result *result)
{
	return result->baseline;
}

int64_t specsync_result_now(const specsync_result *result)
{
	return result->now;
}

void specsync_result_time_span(const specsync_result *result, int64_t *first, int64_t *last)
{
	*first = result->first_time;
	*last = result->last_time;
}

const char *specsync_finding_kind_name(specsync_finding_kind kind)
{
	switch (kind) {
	case SPECSYNC_FINDING_UNSYNCED:
		return "unsynced";
	case SPECSYNC_FINDING_OUT_OF_ROLE:
		return "out-of-role";
	default:
		return "invalid-ack";
	}
}

const char *specsync_status_name(specsync_status status)
{
	static const char *const names[] = { "open", "resolved", "acknowledged", "baselined",
					     "new" };

	return (unsigned)status < 5 ? names[status] : "open";
}

const char *specsync_result_base(const specsync_result *result)
{
	return result->base[0] ? result->base : NULL;
}

const char *specsync_result_rules_from(const specsync_result *result)
{
	return result->rules_from[0] ? result->rules_from : NULL;
}

const char *specsync_result_mode(const specsync_result *result)
{
	return result->mode;
}

const char *const *specsync_result_changed(const specsync_result *result, size_t *count)
{
	*count = result->changed_count;
	return result->changed;
}
