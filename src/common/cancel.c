#include "common/cancel.h"

#include <stdatomic.h>

#include "tpch_gen.h"

static _Atomic(const volatile sig_atomic_t *) cancel_flag;

void tpch_set_cancel_flag(const volatile sig_atomic_t *flag) {
  atomic_store(&cancel_flag, flag);
}

int tpch_cancel_requested(void) {
  const volatile sig_atomic_t *f = atomic_load_explicit(&cancel_flag, memory_order_relaxed);
  return f != NULL && *f != 0;
}
