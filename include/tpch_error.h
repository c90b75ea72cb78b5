/*
 * tpch_error.h - status codes and the error struct shared by every part of
 * the library.
 *
 * Every function that can fail returns an int status: TPCH_OK (0) or one of
 * the negative codes below. When it fails and the caller passed a non-NULL
 * tpch_error, the struct holds the same code and a one-line message with no
 * trailing newline. The library never prints and never exits.
 */
#ifndef TPCH_ERROR_H
#define TPCH_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/* Everything declared here is the library's public API, exported from
 * libtpchgen.so (which is built with -fvisibility=hidden). */
#pragma GCC visibility push(default)

enum {
  TPCH_OK = 0,
  TPCH_EINVAL = -1,       /* bad argument or input value */
  TPCH_EIO = -2,          /* a read, write, fsync or rename failed */
  TPCH_ENOMEM = -3,       /* allocation failed */
  TPCH_EEXIST = -4,       /* the destination exists and may not be replaced */
  TPCH_ESTATE = -5,       /* call not allowed in the object's current state */
  TPCH_EUNSUPPORTED = -6, /* a type or feature this library does not handle */
  TPCH_ECONFLICT = -7,    /* a concurrent writer won a race (e.g. a version) */
  TPCH_EFORMAT = -8,      /* an existing file is not what it claims to be */
  TPCH_ESCHEMA = -9,      /* a batch does not match the writer's schema */
  /* Not a failure of the commit: the new version's manifest/metadata is
   * linked (the commit point), so the version is in place and readable,
   * but a step after it failed (a directory fsync, the version hint). The
   * caller must not remove anything the commit wrote. */
  TPCH_ECOMMITTED = -10,
  /* The caller's cancel flag (tpch_set_cancel_flag in tpch_gen.h) was set:
   * a long computation gave up. */
  TPCH_ECANCELED = -11
};

#define TPCH_ERROR_MESSAGE_SIZE 512

typedef struct tpch_error {
  int code;
  char message[TPCH_ERROR_MESSAGE_SIZE];
} tpch_error;

/* Clears `err` (code TPCH_OK, empty message). `err` may be NULL. */
void tpch_error_clear(tpch_error *err);

/*
 * Records `code` and a printf-style message in `err` (which may be NULL) and
 * returns `code`, so callers can write `return tpch_error_set(err, ...)`.
 */
int tpch_error_set(tpch_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* A short constant name for a status code, e.g. "invalid argument". */
const char *tpch_status_name(int code);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* TPCH_ERROR_H */
