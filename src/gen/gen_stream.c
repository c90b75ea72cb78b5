/*
 * gen_stream.c - a table (or a part, or a unit range) as an Arrow C stream,
 * the interface every Arrow consumer takes; and dbgen's part split.
 *
 * With one thread the stream is one generator called from get_next. With
 * more, the range is cut into chunks of whole units that fit one batch each;
 * worker threads (started by the first get_next) make chunks ahead into a
 * ring of 2 x threads slots, and get_next hands them out in order, so the
 * rows are the same and at most the ring's batches wait unread.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tpch_gen.h"

#define DEFAULT_BATCH_ROWS 65536
/* dbgen switches to 64-bit keys here; creating a generator then walks the
 * l_partkey stream (tpch_set_cancel_flag), too slow to do once per batch. */
#define SCALE_ONE_GENERATOR 30000

typedef struct chunk_slot {
  struct ArrowArray batch;
  int64_t rows; /* < 0: failed, see err */
  tpch_error err;
  int ready;
} chunk_slot;

typedef struct gen_stream {
  tpch_gen *g; /* one thread: the generator */
  tpch_table table;
  int64_t rows_left; /* INT64_MAX without a limit */
  int64_t batch_rows;
  tpch_error err;
  int failed; /* errno of a failed get_next, returned again after */

  /* more threads: */
  int threads, started;
  tpch_scale scale;
  const tpch_text_pool *pool;
  int64_t first_unit, end_unit, chunk_units;
  int64_t chunks, next_chunk, taken; /* chunks in all, handed to workers, handed out */
  int stop;
  chunk_slot *slots;
  int64_t nslots;
  pthread_t *tid;
  pthread_mutex_t mu;
  pthread_cond_t can_take, can_make;
} gen_stream;

static int stream_schema(struct ArrowArrayStream *s, struct ArrowSchema *out) {
  gen_stream *p = s->private_data;
  return tpch_table_schema(p->table, out, &p->err) == TPCH_OK ? 0 : ENOMEM;
}

static int errno_of(const tpch_error *e) {
  return e->code == TPCH_ENOMEM ? ENOMEM : EIO;
}

/* Makes chunk k into its slot (which the ring guarantees is free). */
static void make_chunk(gen_stream *p, int64_t k, chunk_slot *sl) {
  int64_t first = p->first_unit + k * p->chunk_units;
  int64_t count = p->end_unit - first < p->chunk_units ? p->end_unit - first : p->chunk_units;
  tpch_gen *g = NULL;
  tpch_error_clear(&sl->err);
  sl->rows = -1;
  if (tpch_gen_create(&g, &p->scale, p->pool, p->table, first, count, &sl->err) == TPCH_OK) {
    sl->rows = tpch_gen_next(g, p->batch_rows, &sl->batch, &sl->err);
    tpch_gen_destroy(g);
  }
}

static void *worker(void *arg) {
  gen_stream *p = arg;
  pthread_mutex_lock(&p->mu);
  for (;;) {
    while (!p->stop && p->next_chunk < p->chunks && p->next_chunk - p->taken >= p->nslots)
      pthread_cond_wait(&p->can_make, &p->mu);
    if (p->stop || p->next_chunk >= p->chunks) break;
    int64_t k = p->next_chunk++;
    chunk_slot *sl = &p->slots[k % p->nslots];
    pthread_mutex_unlock(&p->mu);
    make_chunk(p, k, sl);
    pthread_mutex_lock(&p->mu);
    sl->ready = 1;
    pthread_cond_broadcast(&p->can_take);
  }
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

static void stop_workers(gen_stream *p) {
  if (!p->started) return;
  pthread_mutex_lock(&p->mu);
  p->stop = 1;
  pthread_cond_broadcast(&p->can_make);
  pthread_mutex_unlock(&p->mu);
  for (int i = 0; i < p->started; i++)
    pthread_join(p->tid[i], NULL);
  p->started = 0;
}

/* get_next with threads: the next chunk in order. */
static int next_threaded(gen_stream *p, struct ArrowArray *out) {
  if (p->taken >= p->chunks) return 0;
  if (!p->started) {
    for (int i = 0; i < p->threads; i++) {
      if (pthread_create(&p->tid[i], NULL, worker, p) != 0) break;
      p->started++;
    }
    if (!p->started) {
      tpch_error_set(&p->err, TPCH_ENOMEM, "cannot start a stream thread");
      return p->failed = EAGAIN;
    }
  }
  pthread_mutex_lock(&p->mu);
  chunk_slot *sl = &p->slots[p->taken % p->nslots];
  while (!sl->ready)
    pthread_cond_wait(&p->can_take, &p->mu);
  /* take everything before the slot is free for the chunk nslots on */
  int64_t rows = sl->rows;
  if (rows < 0)
    p->err = sl->err;
  else
    *out = sl->batch; /* moved: the consumer releases it */
  memset(&sl->batch, 0, sizeof sl->batch);
  sl->ready = 0;
  p->taken++;
  pthread_cond_broadcast(&p->can_make);
  pthread_mutex_unlock(&p->mu);
  return rows < 0 ? (p->failed = errno_of(&p->err)) : 0;
}

static int stream_next(struct ArrowArrayStream *s, struct ArrowArray *out) {
  gen_stream *p = s->private_data;
  out->release = NULL;
  if (p->failed) return p->failed;
  if (p->rows_left <= 0) return 0;
  int64_t n;
  if (p->threads > 1) {
    int rc = next_threaded(p, out);
    if (rc != 0 || out->release == NULL) return rc;
    n = out->length;
  } else {
    n = tpch_gen_next(p->g, p->batch_rows, out, &p->err);
    if (n < 0) return p->failed = errno_of(&p->err);
  }
  if (n == 0) {
    if (out->release) out->release(out);
    out->release = NULL; /* the end */
    return 0;
  }
  if (n > p->rows_left) out->length = n = p->rows_left; /* a row limit: the children stay longer */
  p->rows_left -= n;
  return 0;
}

static const char *stream_error(struct ArrowArrayStream *s) {
  gen_stream *p = s->private_data;
  return p->err.message;
}

static void stream_release(struct ArrowArrayStream *s) {
  gen_stream *p = s->private_data;
  if (p->g) tpch_gen_destroy(p->g);
  if (p->threads > 1) {
    stop_workers(p);
    for (int64_t i = 0; i < p->nslots; i++)
      if (p->slots[i].ready && p->slots[i].batch.release) p->slots[i].batch.release(&p->slots[i].batch);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->can_take);
    pthread_cond_destroy(&p->can_make);
    free(p->slots);
    free(p->tid);
  }
  free(p);
  s->release = NULL;
}

/* Sets p up for o.threads > 1 workers over units [first, first + count). */
static int setup_threads(gen_stream *p, const tpch_scale *s, const tpch_text_pool *pool, int threads,
                         int64_t first, int64_t count, tpch_error *err) {
  p->threads = threads;
  p->scale = *s;
  p->pool = pool;
  p->first_unit = first;
  p->end_unit = first + count;
  p->chunk_units = p->batch_rows / tpch_table_rows_per_unit(p->table); /* >= 1: checked */
  p->chunks = (count + p->chunk_units - 1) / p->chunk_units;
  p->nslots = 2 * (int64_t)threads;
  p->slots = calloc((size_t)p->nslots, sizeof *p->slots);
  p->tid = calloc((size_t)threads, sizeof *p->tid);
  if (p->slots == NULL || p->tid == NULL) {
    free(p->slots);
    free(p->tid);
    return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  }
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->can_take, NULL);
  pthread_cond_init(&p->can_make, NULL);
  return TPCH_OK;
}

int tpch_gen_stream(struct ArrowArrayStream *out, const tpch_scale *s, const tpch_text_pool *pool,
                    tpch_table t, const tpch_gen_stream_options *opts, tpch_error *err) {
  if (out == NULL || s == NULL || pool == NULL)
    return tpch_error_set(err, TPCH_EINVAL, "NULL stream, scale or text pool");
  memset(out, 0, sizeof *out);
  tpch_gen_stream_options o;
  memset(&o, 0, sizeof o);
  if (opts) o = *opts;
  int64_t total = tpch_table_units(s, t);
  if (o.parts != 0) {
    int rc = tpch_table_part_units(s, t, o.part, o.parts, &o.first_unit, &o.unit_count, err);
    if (rc != TPCH_OK) return rc;
  } else {
    if (o.first_unit == 0) o.first_unit = 1;
    if (o.unit_count == 0) o.unit_count = total - o.first_unit + 1;
  }
  if (o.batch_rows == 0) o.batch_rows = DEFAULT_BATCH_ROWS;
  if (o.first_unit < 1 || o.unit_count < 0 || o.first_unit > total + 1 ||
      o.unit_count > total - o.first_unit + 1 || o.max_rows < 0 ||
      o.batch_rows < tpch_table_rows_per_unit(t) || o.threads < 0 || o.threads > TPCH_GEN_STREAM_MAX_THREADS)
    return tpch_error_set(
        err, TPCH_EINVAL,
        "bad stream options: units %lld + %lld of %lld, max_rows %lld, batch_rows %lld (at least %d), "
        "threads %d (0 to %d)",
        (long long)o.first_unit, (long long)o.unit_count, (long long)total, (long long)o.max_rows,
        (long long)o.batch_rows, tpch_table_rows_per_unit(t), o.threads, TPCH_GEN_STREAM_MAX_THREADS);
  gen_stream *p = calloc(1, sizeof *p);
  if (p == NULL) return tpch_error_set(err, TPCH_ENOMEM, "out of memory");
  p->rows_left = o.max_rows > 0 ? o.max_rows : INT64_MAX;
  p->table = t;
  p->batch_rows = o.batch_rows;
  int threads = o.threads > 1 && s->scale < SCALE_ONE_GENERATOR ? o.threads : 1;
  if (o.unit_count == 0) {
    p->rows_left = 0; /* an empty part */
  } else if (threads > 1) {
    int rc = setup_threads(p, s, pool, threads, o.first_unit, o.unit_count, err);
    if (rc != TPCH_OK) {
      free(p);
      return rc;
    }
  } else {
    int rc = tpch_gen_create(&p->g, s, pool, t, o.first_unit, o.unit_count, err);
    if (rc != TPCH_OK) {
      free(p);
      return rc;
    }
  }
  out->get_schema = stream_schema;
  out->get_next = stream_next;
  out->get_last_error = stream_error;
  out->release = stream_release;
  out->private_data = p;
  return TPCH_OK;
}

int tpch_table_part_units(const tpch_scale *s, tpch_table t, int64_t part, int64_t parts, int64_t *first_unit,
                          int64_t *unit_count, tpch_error *err) {
  if (parts < 1 || part < 1 || part > parts)
    return tpch_error_set(err, TPCH_EINVAL, "part %lld of %lld: need 1 <= part <= parts", (long long)part,
                          (long long)parts);
  int64_t total = tpch_table_units(s, t);
  if (t == TPCH_NATION || t == TPCH_REGION) { /* written whole by part 1 */
    *first_unit = 1;
    *unit_count = part == 1 ? total : 0;
    return TPCH_OK;
  }
  int64_t per = total / parts; /* dbgen -C/-S: equal shares, the last part takes the rest */
  *first_unit = per * (part - 1) + 1;
  *unit_count = part == parts ? total - per * (parts - 1) : per;
  return TPCH_OK;
}
