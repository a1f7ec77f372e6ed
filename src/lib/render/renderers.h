/*
 * The renderers' entry points, one file each under src/lib/render/; only
 * format.c calls them (through its table), and each renderer includes
 * this header for its own prototype. Shared pieces are in render.h.
 */
#ifndef SPECSYNC_RENDERERS_H
#define SPECSYNC_RENDERERS_H

#include "specsync.h"
#include "render.h"
#include "pipeline.h"

int specsync_render_json(specsync_buf *out, const specsync_result *r,
			 const specsync_render_options *opts);
/* The same document, handed to `sink` as it goes (NULL: all kept in
 * `out`); what is left in `out` at the end is the caller's to flush. */
int specsync_render_json_to(specsync_buf *out, specsync_render_sink *sink,
			    const specsync_result *r, const specsync_render_options *opts);
/* specsync_render_json_to() with the findings streamed through the
 * pipeline given (pipeline.h; NULL: one after the other on the calling
 * thread), whatever their number: the same bytes either way. */
int specsync_render_json_piped(specsync_buf *out, specsync_render_sink *sink,
			       const specsync_result *r, const specsync_pipeline_options *pipe);
/* One finding as the audit's JSON object ("{...}"; with `open_object` the
 * closing brace is left for the caller to add fields). */
void specsync_render_json_finding(specsync_buf *out, const specsync_result *r,
				  const specsync_finding *f, bool open_object);
int specsync_render_text(specsync_buf *out, const specsync_result *r,
			 const specsync_render_options *opts);

int specsync_render_html(specsync_buf *out, const specsync_result *r,
			 const specsync_render_options *opts);
int specsync_render_digest(specsync_buf *out, const specsync_result *r,
			   const specsync_render_options *opts);
int specsync_render_mbox(specsync_buf *out, const specsync_result *r,
			 const specsync_render_options *opts);

int specsync_render_check_text(specsync_buf *out, const specsync_result *r,
			       const specsync_render_options *opts);

/* One file per CI format; `opts` is never NULL and has every field. */
int specsync_render_sarif(specsync_buf *out, const specsync_result *r,
			  const specsync_render_options *opts);
int specsync_render_junit(specsync_buf *out, const specsync_result *r,
			  const specsync_render_options *opts);
int specsync_render_github(specsync_buf *out, const specsync_result *r,
			   const specsync_render_options *opts);
int specsync_render_gitlab(specsync_buf *out, const specsync_result *r,
			   const specsync_render_options *opts);
int specsync_render_markdown(specsync_buf *out, const specsync_result *r,
			     const specsync_render_options *opts);

/* The traceability matrix, one function per encoding (render_matrix.c). */
int specsync_render_matrix_csv(specsync_buf *out, const specsync_result *r,
			       const specsync_render_options *opts);
int specsync_render_matrix_markdown(specsync_buf *out, const specsync_result *r,
				    const specsync_render_options *opts);
int specsync_render_matrix_json(specsync_buf *out, const specsync_result *r,
				const specsync_render_options *opts);
int specsync_render_matrix_html(specsync_buf *out, const specsync_result *r,
				const specsync_render_options *opts);

/* specsync lint's result (render_lint.c); `opts` may be NULL. */
int specsync_render_lint_text(specsync_buf *out, const specsync_lint_result *r,
			      const specsync_render_options *opts);
int specsync_render_lint_json(specsync_buf *out, const specsync_lint_result *r,
			      const specsync_render_options *opts);

#endif
