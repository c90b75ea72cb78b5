/*
 * cancel.h - the process's cancel flag (tpch_set_cancel_flag, tpch_gen.h),
 * for the library's long loops.
 */
#ifndef TPCH_COMMON_CANCEL_H
#define TPCH_COMMON_CANCEL_H

/* Non-zero when the caller's cancel flag is set. Cheap: one load. */
int tpch_cancel_requested(void);

#endif
