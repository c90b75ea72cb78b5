/*
 * native.c - tpchgen_c._native: TPC-H tables as Arrow C streams (the Arrow
 * PyCapsule interface) and the tpchgen CLI, for Python.
 *
 * A Table is a description (table, scale, part, batch size); every
 * __arrow_c_stream__ call makes a new stream over its own generator (the
 * library's tpch_gen_stream), so a Table can be read any number of times.
 * Stream callbacks never touch Python objects, so consumers may call them
 * from any thread without the GIL. Batches are the generator's own (one
 * block each, freed by their release callback): nothing is copied on the way
 * to the consumer.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_embed.h"
#include "tpch_gen.h"

#define DEFAULT_BATCH_ROWS 65536

/* ---- the text pool, shared by every stream -------------------------------- */

/* Each pool (the fast one, the CLI's, and the compact one, 37 MB smaller,
 * with reads about four times slower) is built (or loaded from the CLI's
 * cache directory) on first use and freed when the module and the last
 * stream using it are gone. */
typedef struct pool_ref {
  tpch_text_pool *pool;
  atomic_long refs;
} pool_ref;

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pool_ref *module_pool[2]; /* the module's references, [compact]; guarded by pool_lock */

static void pool_unref(pool_ref *r) {
  if (r && atomic_fetch_sub(&r->refs, 1) == 1) {
    tpch_text_pool_destroy(r->pool);
    free(r);
  }
}

/* A new reference to the shared pool. Call without the GIL (it may take
 * the 0.4 s build). */
static pool_ref *pool_get(int compact, tpch_error *err) {
  pthread_mutex_lock(&pool_lock);
  if (module_pool[compact] == NULL) {
    pool_ref *r = calloc(1, sizeof *r);
    if (r == NULL) {
      tpch_error_set(err, TPCH_ENOMEM, "out of memory");
    } else if (tpchgen_embed_pool(&r->pool, compact, err) != TPCH_OK) {
      free(r);
    } else {
      atomic_init(&r->refs, 1);
      module_pool[compact] = r;
    }
  }
  pool_ref *r = module_pool[compact];
  if (r) atomic_fetch_add(&r->refs, 1);
  pthread_mutex_unlock(&pool_lock);
  return r;
}

/* ---- the Arrow C stream ------------------------------------------------- */

/* The library's stream (tpch_gen_stream) plus this module's reference on the
 * pool it reads, dropped when the consumer releases the stream. */
static atomic_long live_streams; /* streams made and not yet released */

typedef struct py_stream {
  struct ArrowArrayStream inner;
  pool_ref *pool;
} py_stream;

static int stream_get_schema(struct ArrowArrayStream *s, struct ArrowSchema *out) {
  py_stream *p = s->private_data;
  return p->inner.get_schema(&p->inner, out);
}

static int stream_get_next(struct ArrowArrayStream *s, struct ArrowArray *out) {
  py_stream *p = s->private_data;
  return p->inner.get_next(&p->inner, out);
}

static const char *stream_get_last_error(struct ArrowArrayStream *s) {
  py_stream *p = s->private_data;
  return p->inner.get_last_error(&p->inner);
}

static void stream_release(struct ArrowArrayStream *s) {
  py_stream *p = s->private_data;
  if (p) {
    if (p->inner.release) p->inner.release(&p->inner);
    pool_unref(p->pool);
    free(p);
    atomic_fetch_sub(&live_streams, 1);
  }
  s->private_data = NULL;
  s->release = NULL;
}

/* ---- Table ---------------------------------------------------------------- */

typedef struct {
  PyObject_HEAD tpch_table table;
  tpch_scale scale;
  int64_t first_unit, unit_count; /* the units this Table streams */
  int64_t part, parts;            /* 0, 0 when not split */
  int64_t batch_rows;
  int compact;      /* read the compact text pool */
  int threads;      /* threads making batches ahead (tpch_gen_stream_options) */
  int64_t num_rows; /* -1 until asked */
  PyObject *sf;     /* the scale factor as given (str) */
} TableObject;

static PyObject *raise_tpch(const tpch_error *err) {
  PyObject *type = PyExc_RuntimeError;
  switch (err->code) {
  case TPCH_EINVAL:
  case TPCH_ESCHEMA:
  case TPCH_EUNSUPPORTED: type = PyExc_ValueError; break;
  case TPCH_ENOMEM: return PyErr_NoMemory();
  case TPCH_EIO:
  case TPCH_EEXIST: type = PyExc_OSError; break;
  default: break;
  }
  PyErr_SetString(type, err->message[0] ? err->message : tpch_status_name(err->code));
  return NULL;
}

static int Table_init(TableObject *self, PyObject *args, PyObject *kw) {
  static char *names[] = {"name", "sf", "part", "parts", "batch_rows", "compact", "threads", NULL};
  const char *name, *sf;
  long long part = 0, parts = 0, batch_rows = DEFAULT_BATCH_ROWS;
  int compact = 1, threads = 0;
  if (!PyArg_ParseTupleAndKeywords(args, kw, "ss|LLLpi", names, &name, &sf, &part, &parts, &batch_rows,
                                   &compact, &threads))
    return -1;
  tpch_error err;
  tpch_error_clear(&err);
  if (tpch_table_from_name(name, &self->table, &err) != TPCH_OK ||
      tpch_scale_parse(sf, &self->scale, &err) != TPCH_OK) {
    raise_tpch(&err);
    return -1;
  }
  if ((parts == 0) != (part == 0)) {
    PyErr_Format(PyExc_ValueError, "part %lld of %lld: give both, with 1 <= part <= parts", part, parts);
    return -1;
  }
  if (batch_rows < tpch_table_rows_per_unit(self->table)) {
    PyErr_Format(PyExc_ValueError, "batch_rows must be at least %d for %s (one unit), not %lld",
                 tpch_table_rows_per_unit(self->table), name, batch_rows);
    return -1;
  }
  self->part = part;
  self->parts = parts;
  self->batch_rows = batch_rows;
  self->compact = compact;
  if (threads == 0) { /* all cores */
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    threads = n < 1 ? 1 : n > TPCH_GEN_STREAM_MAX_THREADS ? TPCH_GEN_STREAM_MAX_THREADS : (int)n;
  }
  if (threads < 1 || threads > TPCH_GEN_STREAM_MAX_THREADS) {
    PyErr_Format(PyExc_ValueError, "threads must be 1 to %d, not %d", TPCH_GEN_STREAM_MAX_THREADS, threads);
    return -1;
  }
  self->threads = threads;
  self->num_rows = -1;
  if (parts) {
    if (tpch_table_part_units(&self->scale, self->table, part, parts, &self->first_unit, &self->unit_count,
                              &err) != TPCH_OK) {
      raise_tpch(&err);
      return -1;
    }
  } else {
    self->first_unit = 1;
    self->unit_count = tpch_table_units(&self->scale, self->table);
  }
  PyObject *s = PyUnicode_FromString(sf);
  if (s == NULL) return -1;
  Py_XSETREF(self->sf, s);
  return 0;
}

static void Table_dealloc(TableObject *self) {
  Py_XDECREF(self->sf);
  Py_TYPE(self)->tp_free((PyObject *)self);
}

static void schema_capsule_free(PyObject *cap) {
  struct ArrowSchema *s = PyCapsule_GetPointer(cap, "arrow_schema");
  if (s == NULL) {
    PyErr_WriteUnraisable(cap);
    return;
  }
  if (s->release) s->release(s);
  free(s);
}

static void stream_capsule_free(PyObject *cap) {
  struct ArrowArrayStream *s = PyCapsule_GetPointer(cap, "arrow_array_stream");
  if (s == NULL) {
    PyErr_WriteUnraisable(cap);
    return;
  }
  if (s->release) s->release(s);
  free(s);
}

static PyObject *Table_arrow_c_schema(TableObject *self, PyObject *unused) {
  (void)unused;
  struct ArrowSchema *s = malloc(sizeof *s);
  if (s == NULL) return PyErr_NoMemory();
  tpch_error err;
  if (tpch_table_schema(self->table, s, &err) != TPCH_OK) {
    free(s);
    return raise_tpch(&err);
  }
  PyObject *cap = PyCapsule_New(s, "arrow_schema", schema_capsule_free);
  if (cap == NULL) {
    s->release(s);
    free(s);
  }
  return cap;
}

static PyObject *Table_arrow_c_stream(TableObject *self, PyObject *args, PyObject *kw) {
  static char *names[] = {"requested_schema", NULL};
  PyObject *requested = Py_None;
  /* A requested schema is a hint the producer may ignore; ours is fixed. */
  if (!PyArg_ParseTupleAndKeywords(args, kw, "|O", names, &requested)) return NULL;
  struct ArrowArrayStream *s = calloc(1, sizeof *s);
  py_stream *p = calloc(1, sizeof *p);
  if (s == NULL || p == NULL) {
    free(s);
    free(p);
    return PyErr_NoMemory();
  }
  tpch_gen_stream_options o;
  memset(&o, 0, sizeof o);
  o.parts = self->parts;
  o.part = self->part;
  o.batch_rows = self->batch_rows;
  o.threads = self->threads;
  tpch_error err;
  tpch_error_clear(&err);
  int rc = TPCH_OK;
  PyThreadState *ts = PyEval_SaveThread();
  p->pool = pool_get(self->compact, &err);
  if (p->pool == NULL)
    rc = err.code;
  else
    rc = tpch_gen_stream(&p->inner, &self->scale, p->pool->pool, self->table, &o, &err);
  PyEval_RestoreThread(ts);
  if (rc != TPCH_OK) {
    pool_unref(p->pool);
    free(p);
    free(s);
    return raise_tpch(&err);
  }
  s->get_schema = stream_get_schema;
  s->get_next = stream_get_next;
  s->get_last_error = stream_get_last_error;
  s->release = stream_release;
  s->private_data = p;
  atomic_fetch_add(&live_streams, 1);
  PyObject *cap = PyCapsule_New(s, "arrow_array_stream", stream_capsule_free);
  if (cap == NULL) {
    s->release(s);
    free(s);
  }
  return cap;
}

static PyObject *Table_get_name(TableObject *self, void *c) {
  (void)c;
  return PyUnicode_FromString(tpch_table_name(self->table));
}

static PyObject *Table_get_sf(TableObject *self, void *c) {
  (void)c;
  Py_INCREF(self->sf);
  return self->sf;
}

static PyObject *Table_get_part(TableObject *self, void *c) {
  (void)c;
  if (self->parts == 0) Py_RETURN_NONE;
  return PyLong_FromLongLong(self->part);
}

static PyObject *Table_get_parts(TableObject *self, void *c) {
  (void)c;
  if (self->parts == 0) Py_RETURN_NONE;
  return PyLong_FromLongLong(self->parts);
}

static PyObject *Table_get_batch_rows(TableObject *self, void *c) {
  (void)c;
  return PyLong_FromLongLong(self->batch_rows);
}

static PyObject *Table_get_threads(TableObject *self, void *c) {
  (void)c;
  return PyLong_FromLong(self->threads);
}

static PyObject *Table_get_num_rows(TableObject *self, void *c) {
  (void)c;
  if (self->num_rows < 0) {
    int64_t n = 0;
    if (self->unit_count > 0) {
      PyThreadState *ts = PyEval_SaveThread();
      n = tpch_table_rows(&self->scale, self->table, self->first_unit, self->unit_count);
      PyEval_RestoreThread(ts);
    }
    self->num_rows = n;
  }
  return PyLong_FromLongLong(self->num_rows);
}

static PyObject *Table_get_columns(TableObject *self, void *c) {
  (void)c;
  int n = tpch_table_columns(self->table);
  PyObject *t = PyTuple_New(n);
  for (int i = 0; t && i < n; i++) {
    PyObject *s = PyUnicode_FromString(tpch_column_name(self->table, i));
    if (s == NULL) {
      Py_CLEAR(t);
      break;
    }
    PyTuple_SET_ITEM(t, i, s);
  }
  return t;
}

static PyObject *Table_repr(TableObject *self) {
  PyObject *name = PyUnicode_FromString(tpch_table_name(self->table));
  if (name == NULL) return NULL;
  PyObject *r = self->parts ? PyUnicode_FromFormat("tpchgen_c.table(%R, sf=%U, part=%lld, parts=%lld)", name,
                                                   self->sf, (long long)self->part, (long long)self->parts)
                            : PyUnicode_FromFormat("tpchgen_c.table(%R, sf=%U)", name, self->sf);
  Py_DECREF(name);
  return r;
}

static PyMethodDef Table_methods[] = {
    {"__arrow_c_stream__", (PyCFunction)(void (*)(void))Table_arrow_c_stream, METH_VARARGS | METH_KEYWORDS,
     "__arrow_c_stream__(requested_schema=None)\n--\n\n"
     "A new Arrow C stream over the table (PyCapsule 'arrow_array_stream')."},
    {"__arrow_c_schema__", (PyCFunction)Table_arrow_c_schema, METH_NOARGS,
     "__arrow_c_schema__()\n--\n\nThe table's Arrow schema (PyCapsule 'arrow_schema')."},
    {NULL, NULL, 0, NULL}};

static PyGetSetDef Table_getset[] = {
    {"name", (getter)Table_get_name, NULL, "The table's name.", NULL},
    {"sf", (getter)Table_get_sf, NULL, "The scale factor, as the decimal text the library parsed.", NULL},
    {"part", (getter)Table_get_part, NULL, "The part streamed (1-based), or None.", NULL},
    {"parts", (getter)Table_get_parts, NULL, "The number of parts, or None.", NULL},
    {"batch_rows", (getter)Table_get_batch_rows, NULL, "Most rows per batch.", NULL},
    {"threads", (getter)Table_get_threads, NULL, "Threads making batches ahead of the consumer.", NULL},
    {"num_rows", (getter)Table_get_num_rows, NULL, "Rows the stream yields (counted without generating).",
     NULL},
    {"columns", (getter)Table_get_columns, NULL, "The column names.", NULL},
    {NULL, NULL, NULL, NULL, NULL}};

static PyTypeObject TableType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "tpchgen_c.Table",
    .tp_basicsize = sizeof(TableObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Table(name, sf, part=0, parts=0, batch_rows=65536, compact=True, threads=0)\n--\n\n"
              "A TPC-H table (or one part of it) that streams as Arrow record batches.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Table_init,
    .tp_dealloc = (destructor)Table_dealloc,
    .tp_methods = Table_methods,
    .tp_getset = Table_getset,
    .tp_repr = (reprfunc)Table_repr,
};

/* ---- the CLI -------------------------------------------------------------- */

static pthread_mutex_t cli_lock = PTHREAD_MUTEX_INITIALIZER;

/* run_cli(argv, capture) -> (status, messages): tpchgen in this process,
 * without the GIL. */
static PyObject *run_cli(PyObject *mod, PyObject *args) {
  (void)mod;
  PyObject *list;
  int capture;
  if (!PyArg_ParseTuple(args, "O!p", &PyList_Type, &list, &capture)) return NULL;
  Py_ssize_t argc = PyList_GET_SIZE(list);
  char **argv = calloc((size_t)argc + 1, sizeof *argv);
  if (argv == NULL) return PyErr_NoMemory();
  PyObject *result = NULL;
  for (Py_ssize_t i = 0; i < argc; i++) {
    const char *a = PyUnicode_AsUTF8(PyList_GET_ITEM(list, i));
    if (a == NULL || (argv[i] = strdup(a)) == NULL) {
      if (a) PyErr_NoMemory();
      goto done;
    }
  }
  static char messages[4096];
  int rc, interrupted;
  PyThreadState *ts = PyEval_SaveThread();
  pthread_mutex_lock(&cli_lock);
  struct sigaction old_int, old_term;
  sigaction(SIGINT, NULL, &old_int);
  sigaction(SIGTERM, NULL, &old_term);
  rc = tpchgen_embed_run((int)argc, argv, capture ? messages : NULL, sizeof messages);
  interrupted = tpchgen_embed_interrupted();
  sigaction(SIGINT, &old_int, NULL);
  sigaction(SIGTERM, &old_term, NULL);
  PyEval_RestoreThread(ts);
  if (interrupted) {
    pthread_mutex_unlock(&cli_lock);
    PyErr_SetNone(PyExc_KeyboardInterrupt);
    goto done;
  }
  const char *msg = capture ? messages : "";
  result = Py_BuildValue("(iN)", rc, PyUnicode_DecodeUTF8(msg, (Py_ssize_t)strlen(msg), "replace"));
  pthread_mutex_unlock(&cli_lock);
done:
  for (Py_ssize_t i = 0; i < argc; i++)
    free(argv[i]);
  free(argv);
  return result;
}

static PyObject *scale_rows(PyObject *mod, PyObject *args) {
  (void)mod;
  const char *sf;
  if (!PyArg_ParseTuple(args, "s", &sf)) return NULL;
  tpch_scale s;
  tpch_error err;
  if (tpch_scale_parse(sf, &s, &err) != TPCH_OK) return raise_tpch(&err);
  return Py_BuildValue("{sLsLsLsL}", "part", (long long)s.parts, "supplier", (long long)s.suppliers,
                       "customer", (long long)s.customers, "orders", (long long)s.orders);
}

static PyObject *live_stream_count(PyObject *mod, PyObject *unused) {
  (void)mod;
  (void)unused;
  return PyLong_FromLong(atomic_load(&live_streams));
}

static PyObject *table_names(PyObject *mod, PyObject *unused) {
  (void)mod;
  (void)unused;
  PyObject *t = PyTuple_New(TPCH_TABLE_COUNT);
  for (int i = 0; t && i < TPCH_TABLE_COUNT; i++) {
    PyObject *s = PyUnicode_FromString(tpch_table_name((tpch_table)i));
    if (s == NULL) {
      Py_CLEAR(t);
      break;
    }
    PyTuple_SET_ITEM(t, i, s);
  }
  return t;
}

static PyMethodDef module_methods[] = {
    {"run_cli", run_cli, METH_VARARGS, "run_cli(argv, capture) -> (status, messages)"},
    {"scale_counts", scale_rows, METH_VARARGS, "scale_counts(sf) -> base row counts (validates sf)"},
    {"live_streams", live_stream_count, METH_NOARGS, "Streams made and not yet released."},
    {"table_names", table_names, METH_NOARGS, "The eight table names."},
    {NULL, NULL, 0, NULL}};

static void module_free(void *m) {
  (void)m;
  pthread_mutex_lock(&pool_lock);
  pool_ref *r0 = module_pool[0], *r1 = module_pool[1];
  module_pool[0] = module_pool[1] = NULL;
  pthread_mutex_unlock(&pool_lock);
  pool_unref(r0);
  pool_unref(r1);
}

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "tpchgen_c._native", NULL, -1, module_methods, NULL, NULL, NULL, module_free};

PyMODINIT_FUNC PyInit__native(void) {
  if (PyType_Ready(&TableType) < 0) return NULL;
  PyObject *m = PyModule_Create(&module_def);
  if (m == NULL) return NULL;
  Py_INCREF(&TableType);
  if (PyModule_AddObject(m, "Table", (PyObject *)&TableType) < 0 ||
      PyModule_AddStringConstant(m, "VERSION", TPCH_VERSION) < 0 ||
      PyModule_AddStringConstant(m, "BUILD_HASH", TPCH_BUILD_HASH) < 0) {
    Py_DECREF(m);
    return NULL;
  }
  return m;
}
