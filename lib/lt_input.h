/* lt_input.h — reading an input file, gzip-compressed or not.
 *
 * zlib's gz reader passes plain files through unchanged, so every format
 * reader gets the same bytes whether or not the file was compressed. Reads
 * are bounded: a file (after decompression) or a line longer than its limit
 * fails with LT_ELIMIT instead of eating memory. A truncated or damaged
 * gzip stream fails with LT_EFORMAT once the good bytes before it are read.
 */
#ifndef LANTERN_LT_INPUT_H
#define LANTERN_LT_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "lt_buf.h"

typedef struct lt_input lt_input;

lt_status lt_input_open(const char *path, lt_input **out, lt_error *err);
void lt_input_close(lt_input *in);

/* 1 if the file is gzip-compressed. */
int lt_input_compressed(const lt_input *in);

/* Makes up to `n` bytes available without consuming them; *data and *len
 * describe what there is (fewer at end of file). Valid until the next call. */
lt_status lt_input_peek(lt_input *in, size_t n, const char **data,
                        size_t *len, lt_error *err);

/* Appends the rest of the file to `out`, failing past `max` bytes. */
lt_status lt_input_read_all(lt_input *in, size_t max, lt_buf *out,
                            lt_error *err);

/* Reads the next line (without its LF) into `line`, replacing what was
 * there. *eof is set to 1, with `line` empty, at end of file. A line over
 * `max` bytes fails with LT_ELIMIT; the input then skips to the next line,
 * so a caller may report it and go on. */
lt_status lt_input_read_line(lt_input *in, size_t max, lt_buf *line,
                             int *eof, lt_error *err);

/* 1-based number of the line last returned by lt_input_read_line. */
size_t lt_input_line_no(const lt_input *in);

/* Bytes delivered so far (after decompression). */
uint64_t lt_input_bytes(const lt_input *in);

#endif
