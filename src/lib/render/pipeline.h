/*
 * A streamed rendering of many items on two threads: the items are cut in
 * chunks, rendered by whichever thread is free into a small ring of
 * buffers and handed to the sink strictly in order by the calling thread.
 * A leaf: it knows no format; a renderer gives it the function that
 * renders a run of its items.
 */
#ifndef SPECSYNC_PIPELINE_H
#define SPECSYNC_PIPELINE_H

#include "specsync.h"
#include "render.h"

/*
 * Appends items first .. first + n - 1 to `out` (an empty buffer), and
 * sets ends[k] to out->size after item first + k. `state` is the calling
 * thread's (see specsync_pipeline_run): the function may run on two
 * threads at once, each with its own state, and must read nothing else
 * that changes. What it appends must depend on the items alone.
 */
typedef void (*specsync_pipeline_render_fn)(specsync_buf *out, size_t first, size_t n,
					    size_t *ends, void *state);

typedef struct specsync_pipeline_options {
	size_t chunk; /* items per chunk, >= 1 */
	size_t ring;  /* chunks rendered and not yet written, at most; >= 1 */
	bool worker;  /* whether a second thread renders too */
} specsync_pipeline_options;

/*
 * Hands the rendering of `count` items to `sink` after what `out` holds,
 * with the same bytes in the same write calls as rendering them one after
 * the other into `out` with specsync_render_flush(out, sink, false) after
 * each item; what is left in `out` at the end is the caller's, as then.
 * The calling thread renders with states[0], the worker (when one starts;
 * without it, the calling thread renders everything) with states[1].
 * Holds at most `ring` chunks besides `out`. Returns 0, the sink's error
 * (the first write that failed is the last one made), or SPECSYNC_ENOMEM
 * (`out` then marked failed); items past an error are not rendered.
 */
int specsync_pipeline_run(specsync_buf *out, specsync_render_sink *sink, size_t count,
			  const specsync_pipeline_options *opts,
			  specsync_pipeline_render_fn render, void *const states[2]);

#endif
