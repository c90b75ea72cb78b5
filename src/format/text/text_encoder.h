/*
 * text_encoder.h - delimited text from Arrow batches: dbgen's .tbl dialect
 * and RFC 4180 CSV. I/O-free: rows are appended to a tpch_buf.
 *
 *   tbl: every field followed by '|', lines end in '\n', no header, no quoting.
 *   csv: header line of column names, ',' between fields, '\n' line ends, a
 *        field is quoted ("" for ") only when it holds , " CR or LF.
 * Values: integers in decimal, decimals with exactly their scale's digits
 * (unless a column overrides it), dates YYYY-MM-DD, strings as they are,
 * nulls as empty fields.
 */
#ifndef TPCH_TEXT_ENCODER_H
#define TPCH_TEXT_ENCODER_H

#include "io/buf.h"
#include "tpch_arrow.h"
#include "tpch_error.h"

typedef enum tpch_text_dialect { TPCH_TEXT_TBL = 0, TPCH_TEXT_CSV = 1 } tpch_text_dialect;

typedef struct tpch_text_encoder tpch_text_encoder;

/*
 * An encoder for batches of `schema` (a struct of bool/int/float64/decimal/
 * date32/utf8 columns). `decimal_digits` may be NULL, or give per column the
 * number of fraction digits to print for decimals (-1 = the type's scale;
 * 0 prints the integer part, as dbgen does for l_quantity).
 */
int tpch_text_encoder_create(tpch_text_encoder **out, const struct ArrowSchema *schema,
                             tpch_text_dialect dialect, const int *decimal_digits, tpch_error *err);

/* Appends the header line (CSV only; nothing for tbl). */
int tpch_text_encoder_header(tpch_text_encoder *e, tpch_buf *out, tpch_error *err);

/* Appends one line per row of `batch`. */
int tpch_text_encoder_encode(tpch_text_encoder *e, const struct ArrowArray *batch, tpch_buf *out,
                             tpch_error *err);

void tpch_text_encoder_destroy(tpch_text_encoder *e);

/* Formatting helpers, exposed for tests. Each writes at `dst` and returns
 * the number of bytes written. */
int tpch_fmt_int(char *dst, int64_t v);
int tpch_fmt_decimal(char *dst, int64_t unscaled, int scale, int digits);
int tpch_fmt_date(char *dst, int32_t days_since_epoch);

#endif /* TPCH_TEXT_ENCODER_H */
