/*
 * tpch_arrow.h - the Arrow C Data Interface and C Stream Interface structs.
 *
 * These are the ABI-stable definitions from the Arrow C Data Interface and
 * C Stream Interface specifications. The include guard is the one the specification names, so a
 * program that already includes another copy (nanoarrow, arrow/c/abi.h) gets
 * exactly one definition.
 *
 * Ownership rule used throughout tpchgen-c: whoever holds a struct with a
 * non-NULL `release` must call it once; release sets `release` to NULL.
 * Writers never take ownership of structs passed to them.
 */
#ifndef TPCH_ARROW_H
#define TPCH_ARROW_H

#include <stdint.h>

#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

struct ArrowSchema {
  const char *format;
  const char *name;
  const char *metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema **children;
  struct ArrowSchema *dictionary;
  void (*release)(struct ArrowSchema *);
  void *private_data;
};

struct ArrowArray {
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void **buffers;
  struct ArrowArray **children;
  struct ArrowArray *dictionary;
  void (*release)(struct ArrowArray *);
  void *private_data;
};

#endif /* ARROW_C_DATA_INTERFACE */

#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE

/*
 * The Arrow C Stream Interface: a pull iterator of ArrowArrays sharing one
 * schema. get_next sets out->release to NULL at the end of the stream.
 * Callbacks return 0 or an errno value; get_last_error's string stays valid
 * until the next call on the stream.
 */
struct ArrowArrayStream {
  int (*get_schema)(struct ArrowArrayStream *, struct ArrowSchema *out);
  int (*get_next)(struct ArrowArrayStream *, struct ArrowArray *out);
  const char *(*get_last_error)(struct ArrowArrayStream *);
  void (*release)(struct ArrowArrayStream *);
  void *private_data;
};

#endif /* ARROW_C_STREAM_INTERFACE */

#endif /* TPCH_ARROW_H */
