/*
 * Splitting blobs into sections on a second core. See prefetch.h.
 *
 * One mutex guards the queue and the jobs' states; the job map (dedupe by
 * parse key) and the reference counts belong to the walk's thread alone.
 */
#include "common.h"
#include "prefetch.h"
#include "map.h"
#include "regex.h"

#include <pthread.h>

enum { QUEUED, RUNNING, DONE };

struct specsync_prefetch_job {
	specsync_oid blob;
	int side;
	char *path, *key;
	int state;
	bool orphan; /* released while the worker runs it: the worker frees it */
	unsigned refs;
	int error;
	specsync_error err;
	specsync_parse_outcome outcome;
	uint64_t size;
	specsync_sections sections;
	specsync_prefetch_job *next; /* in the queue */
};

/* What one thread needs to split a blob. */
typedef struct splitter {
	specsync_repo *repo;
	specsync_regex *id;
	specsync_regex **section_start; /* per side */
	specsync_sections_memo *memo;   /* the thread's own; may be NULL */
} splitter;

struct specsync_prefetch {
	const specsync_config *cfg;
	splitter mine;   /* the walk's thread: the engine's own */
	splitter worker; /* copies */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t work, done;
	specsync_prefetch_job *head, *tail;
	specsync_strmap jobs; /* key -> job, while referenced */
	size_t pending;
	bool stop;
};

static void job_free(specsync_prefetch_job *job)
{
	specsync_sections_dispose(&job->sections);
	free(job->path);
	free(job->key);
	free(job);
}

static void run_job(specsync_prefetch_job *job, const specsync_config *cfg, const splitter *sp)
{
	specsync_sections_options o;

	specsync_error_clear(&job->err);
	specsync_parse_options(&o, cfg, job->side, job->path);
	/* this thread's own copies of the regular expressions */
	o.id = sp->id;
	o.section_start = o.section_start ? sp->section_start[job->side] : NULL;
	o.memo = sp->memo;
	job->error = specsync_parse_blob(&job->outcome, &job->size, &job->sections, sp->repo,
					 &job->blob, &o, cfg->max_file_size, &job->err);
}

static void *worker_main(void *arg)
{
	specsync_prefetch *pf = arg;
	specsync_prefetch_job *job;

	pthread_mutex_lock(&pf->lock);
	while (!pf->stop) {
		if (!(job = pf->head)) {
			pthread_cond_wait(&pf->work, &pf->lock);
			continue;
		}
		pf->head = job->next;
		if (!pf->head)
			pf->tail = NULL;
		job->state = RUNNING;
		pthread_mutex_unlock(&pf->lock);
		run_job(job, pf->cfg, &pf->worker);
		pthread_mutex_lock(&pf->lock);
		job->state = DONE;
		if (job->orphan)
			job_free(job);
		pthread_cond_broadcast(&pf->done);
	}
	pthread_mutex_unlock(&pf->lock);
	return NULL;
}

static void splitter_dispose(splitter *sp, size_t sides)
{
	specsync_regex_free(sp->id);
	for (size_t s = 0; sp->section_start && s < sides; s++)
		specsync_regex_free(sp->section_start[s]);
	free(sp->section_start);
	specsync_sections_memo_free(sp->memo);
	specsync_repo_free(sp->repo);
}

/* The worker's own repository handle and regular expressions. */
static int splitter_copy(splitter *out, specsync_repo *repo, const specsync_config *cfg)
{
	memset(out, 0, sizeof(*out));
	if (specsync_repo_open_again(&out->repo, repo) < 0 ||
	    specsync_regex_compile(&out->id, specsync_regex_pattern(cfg->id), false, NULL) < 0 ||
	    !(out->section_start = specsync_calloc(cfg->side_count, sizeof(*out->section_start))))
		return -1;
	for (size_t s = 0; s < cfg->side_count; s++)
		if (cfg->sides[s].section_start &&
		    specsync_regex_compile(&out->section_start[s],
					   specsync_regex_pattern(cfg->sides[s].section_start),
					   false, NULL) < 0)
			return -1;
	out->memo = specsync_sections_memo_new();
	return 0;
}

int specsync_prefetch_start(specsync_prefetch **out, specsync_repo *repo,
			    const specsync_config *cfg, specsync_sections_memo *memo)
{
	specsync_prefetch *pf = specsync_calloc(1, sizeof(*pf));

	*out = NULL;
	if (!pf)
		return 0;
	pf->cfg = cfg;
	pf->mine.repo = repo;
	pf->mine.id = cfg->id;
	pf->mine.memo = memo;
	if (!(pf->mine.section_start =
		      specsync_calloc(cfg->side_count, sizeof(*pf->mine.section_start))) ||
	    splitter_copy(&pf->worker, repo, cfg) < 0)
		goto fail;
	for (size_t s = 0; s < cfg->side_count; s++)
		pf->mine.section_start[s] = cfg->sides[s].section_start;
	if (pthread_mutex_init(&pf->lock, NULL) != 0)
		goto fail;
	if (pthread_cond_init(&pf->work, NULL) != 0) {
		pthread_mutex_destroy(&pf->lock);
		goto fail;
	}
	if (pthread_cond_init(&pf->done, NULL) != 0) {
		pthread_cond_destroy(&pf->work);
		pthread_mutex_destroy(&pf->lock);
		goto fail;
	}
	if (pthread_create(&pf->thread, NULL, worker_main, pf) != 0) {
		pthread_cond_destroy(&pf->done);
		pthread_cond_destroy(&pf->work);
		pthread_mutex_destroy(&pf->lock);
		goto fail;
	}
	*out = pf;
	return 0;
fail:
	/* no worker: the walk parses everything itself */
	splitter_dispose(&pf->worker, cfg->side_count);
	free(pf->mine.section_start);
	free(pf);
	return 0;
}

void specsync_prefetch_stop(specsync_prefetch *pf)
{
	if (!pf)
		return;
	pthread_mutex_lock(&pf->lock);
	pf->stop = true;
	pthread_cond_broadcast(&pf->work);
	pthread_mutex_unlock(&pf->lock);
	pthread_join(pf->thread, NULL);
	/* every job still known: queued, done, or referenced */
	for (size_t i = 0; i < pf->jobs.cap; i++)
		if (pf->jobs.slots[i].key)
			job_free(pf->jobs.slots[i].value);
	specsync_strmap_dispose(&pf->jobs);
	pthread_cond_destroy(&pf->done);
	pthread_cond_destroy(&pf->work);
	pthread_mutex_destroy(&pf->lock);
	splitter_dispose(&pf->worker, pf->cfg->side_count);
	free(pf->mine.section_start);
	free(pf);
}

size_t specsync_prefetch_pending(const specsync_prefetch *pf)
{
	return pf->pending;
}

int specsync_prefetch_submit(specsync_prefetch_job **out, specsync_prefetch *pf,
			     const specsync_oid *blob, int side, const char *path, const char *key)
{
	specsync_prefetch_job *job = specsync_strmap_get(&pf->jobs, key);

	*out = NULL;
	if (job) {
		job->refs++;
		*out = job;
		return 0;
	}
	if (!(job = specsync_calloc(1, sizeof(*job))) || !(job->path = specsync_strdup(path)) ||
	    !(job->key = specsync_strdup(key)) ||
	    specsync_strmap_put(&pf->jobs, key, job, NULL) < 0) {
		if (job)
			job_free(job);
		return SPECSYNC_ENOMEM;
	}
	job->blob = *blob;
	job->side = side;
	job->refs = 1;
	pf->pending++;
	pthread_mutex_lock(&pf->lock);
	job->state = QUEUED;
	if (pf->tail)
		pf->tail->next = job;
	else
		pf->head = job;
	pf->tail = job;
	pthread_cond_signal(&pf->work);
	pthread_mutex_unlock(&pf->lock);
	*out = job;
	return 0;
}

/* Takes a queued job out of the queue (lock held). */
static void unqueue(specsync_prefetch *pf, specsync_prefetch_job *job)
{
	specsync_prefetch_job **p = &pf->head, *prev = NULL;

	for (; *p && *p != job; p = &(*p)->next)
		prev = *p;
	if (!*p)
		return;
	*p = job->next;
	if (pf->tail == job)
		pf->tail = prev;
	job->next = NULL;
}

int specsync_prefetch_wait(specsync_prefetch *pf, specsync_prefetch_job *job,
			   specsync_parse_outcome *outcome, uint64_t *size,
			   const specsync_sections **sections, specsync_error *err)
{
	pthread_mutex_lock(&pf->lock);
	if (job->state == QUEUED) {
		/* the worker is behind: do it here rather than wait */
		unqueue(pf, job);
		job->state = RUNNING;
		pthread_mutex_unlock(&pf->lock);
		run_job(job, pf->cfg, &pf->mine);
		pthread_mutex_lock(&pf->lock);
		job->state = DONE;
	}
	while (job->state != DONE)
		pthread_cond_wait(&pf->done, &pf->lock);
	pthread_mutex_unlock(&pf->lock);
	if (job->error < 0) {
		if (err)
			*err = job->err;
		return job->error;
	}
	*outcome = job->outcome;
	*size = job->size;
	*sections = &job->sections;
	return 0;
}

void specsync_prefetch_release(specsync_prefetch *pf, specsync_prefetch_job *job)
{
	if (!job || --job->refs)
		return;
	specsync_strmap_remove(&pf->jobs, job->key);
	pf->pending--;
	pthread_mutex_lock(&pf->lock);
	if (job->state == RUNNING) {
		job->orphan = true;
		job = NULL;
	} else if (job->state == QUEUED) {
		unqueue(pf, job);
	}
	pthread_mutex_unlock(&pf->lock);
	if (job)
		job_free(job);
}
