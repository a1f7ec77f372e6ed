/*
 * The two-thread rendering pipeline. See pipeline.h.
 *
 * Chunk c goes to slot c % ring. A thread claims the next chunk only when
 * its slot is free (c < written + ring), renders it without the lock and
 * marks it ready; the calling thread alone writes, in chunk order. One
 * mutex guards `next`, `written`, `stop` and the slots' `ready` flags; a
 * slot's bytes belong to the thread that claimed it until it is ready, then
 * to the writer until `written` passes it.
 */
#include "common.h"
#include "pipeline.h"

#include <pthread.h>

typedef struct slot {
	specsync_buf bytes;
	size_t *ends; /* ends[k]: where item k of the chunk ends in `bytes` */
	bool ready;
} slot;

typedef struct pipeline {
	size_t count, chunk, ring, chunks;
	specsync_pipeline_render_fn render;
	slot *slots;
	size_t next, written; /* the next chunk to claim, to write */
	bool stop;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	void *worker_state;
} pipeline;

static size_t items_in(const pipeline *p, size_t c)
{
	size_t first = c * p->chunk;

	return p->count - first < p->chunk ? p->count - first : p->chunk;
}

static bool claimable(const pipeline *p)
{
	return !p->stop && p->next < p->chunks && p->next < p->written + p->ring;
}

/* Claims the next chunk and renders it into its slot; called and returns
 * with the lock held. */
static void render_next(pipeline *p, void *state)
{
	size_t c = p->next++;
	slot *s = &p->slots[c % p->ring];
	specsync_buf b = s->bytes;

	/* rendered into a buffer on this thread's stack: the slots share
	 * cache lines, and a buffer's size changes at every append */
	pthread_mutex_unlock(&p->lock);
	specsync_buf_clear(&b);
	p->render(&b, c * p->chunk, items_in(p, c), s->ends, state);
	pthread_mutex_lock(&p->lock);
	s->bytes = b;
	s->ready = true;
	pthread_cond_broadcast(&p->changed);
}

static void *worker_main(void *arg)
{
	pipeline *p = arg;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		if (claimable(p))
			render_next(p, p->worker_state);
		else if (p->stop || p->next >= p->chunks)
			break;
		else
			pthread_cond_wait(&p->changed, &p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/*
 * Hands the `n` items of `s` on as the one-thread loop would: a write at
 * the end of an item once SPECSYNC_RENDER_CHUNK bytes are pending. The
 * pending bytes are those of `out`, then s[from..]: while `out` holds
 * some, items are copied to it; after a flush they go out of `s` directly.
 */
static int emit(specsync_buf *out, specsync_render_sink *sink, const slot *s, size_t n)
{
	const char *b = s->bytes.ptr;
	size_t from = 0;

	if (s->bytes.failed) {
		out->failed = true;
		return SPECSYNC_ENOMEM;
	}
	for (size_t k = 0; k < n; k++) {
		size_t end = s->ends[k];
		if (out->size) {
			specsync_buf_put(out, b + from, end - from);
			from = end;
			if (specsync_render_flush(out, sink, false) < 0 || out->failed)
				return out->failed ? SPECSYNC_ENOMEM : sink->error;
		} else if (end - from >= SPECSYNC_RENDER_CHUNK) {
			if (specsync_render_write(sink, b + from, end - from) < 0)
				return sink->error;
			from = end;
		}
	}
	specsync_buf_put(out, b + from, s->bytes.size - from);
	return out->failed ? SPECSYNC_ENOMEM : 0;
}

/* The calling thread: writes each chunk when it is ready, renders when a
 * slot is free, else waits. Stops everything at the first error. */
static int drive(pipeline *p, specsync_buf *out, specsync_render_sink *sink, void *state)
{
	int error = 0;

	pthread_mutex_lock(&p->lock);
	while (p->written < p->chunks && !error) {
		slot *s = &p->slots[p->written % p->ring];
		if (s->ready) {
			pthread_mutex_unlock(&p->lock);
			error = emit(out, sink, s, items_in(p, p->written));
			pthread_mutex_lock(&p->lock);
			s->ready = false;
			p->written++;
			pthread_cond_broadcast(&p->changed);
		} else if (claimable(p)) {
			render_next(p, state);
		} else {
			pthread_cond_wait(&p->changed, &p->lock);
		}
	}
	p->stop = true;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
	return error;
}

static void slots_free(slot *slots, size_t n)
{
	for (size_t i = 0; slots && i < n; i++) {
		specsync_buf_dispose(&slots[i].bytes);
		free(slots[i].ends);
	}
	free(slots);
}

static slot *slots_new(size_t ring, size_t chunk)
{
	slot *slots = specsync_calloc(ring, sizeof(*slots));

	for (size_t i = 0; slots && i < ring; i++)
		if (!(slots[i].ends = specsync_calloc(chunk, sizeof(size_t)))) {
			slots_free(slots, ring);
			return NULL;
		}
	return slots;
}

/* Starts the worker when asked (the calling thread renders every chunk
 * when it cannot start), drives the pipeline, joins the worker. */
static int run(pipeline *p, specsync_buf *out, specsync_render_sink *sink, void *state,
	       bool worker)
{
	pthread_t thread;
	bool threaded = worker && p->chunks > 1 &&
			pthread_create(&thread, NULL, worker_main, p) == 0;
	int error = drive(p, out, sink, state);

	if (threaded)
		pthread_join(thread, NULL);
	return error;
}

int specsync_pipeline_run(specsync_buf *out, specsync_render_sink *sink, size_t count,
			  const specsync_pipeline_options *opts,
			  specsync_pipeline_render_fn render, void *const states[2])
{
	pipeline p = { 0 };
	int error = SPECSYNC_ENOMEM;

	p.count = count;
	p.chunk = opts->chunk ? opts->chunk : 1;
	p.ring = opts->ring ? opts->ring : 1;
	p.chunks = (count + p.chunk - 1) / p.chunk;
	p.render = render;
	p.worker_state = states[1];
	if ((p.slots = slots_new(p.ring, p.chunk)) && pthread_mutex_init(&p.lock, NULL) == 0) {
		if (pthread_cond_init(&p.changed, NULL) == 0) {
			error = run(&p, out, sink, states[0], opts->worker);
			pthread_cond_destroy(&p.changed);
		}
		pthread_mutex_destroy(&p.lock);
	}
	slots_free(p.slots, p.ring);
	if (error == SPECSYNC_ENOMEM)
		out->failed = true;
	return error;
}
