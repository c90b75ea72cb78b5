#include "tpch_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void tpch_error_clear(tpch_error *err) {
  if (err == NULL) return;
  err->code = TPCH_OK;
  err->message[0] = '\0';
}

int tpch_error_set(tpch_error *err, int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (err != NULL) {
    err->code = code;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
  }
  va_end(ap);
  return code;
}

const char *tpch_status_name(int code) {
  switch (code) {
  case TPCH_OK: return "ok";
  case TPCH_EINVAL: return "invalid argument";
  case TPCH_EIO: return "I/O error";
  case TPCH_ENOMEM: return "out of memory";
  case TPCH_EEXIST: return "already exists";
  case TPCH_ESTATE: return "invalid state";
  case TPCH_EUNSUPPORTED: return "unsupported";
  case TPCH_ECONFLICT: return "conflict";
  case TPCH_EFORMAT: return "bad format";
  case TPCH_ESCHEMA: return "schema mismatch";
  case TPCH_ECOMMITTED: return "committed, but a later step failed";
  case TPCH_ECANCELED: return "canceled";
  default: return "unknown error";
  }
}
