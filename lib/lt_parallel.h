/* lt_parallel.h — indexing with several writers at once.
 *
 * The index is a folder of shard databases (shard-000, shard-001, …) and
 * a Xapian stub file, XAPIANDB, listing them: every reader opens the
 * folder as one database, with its statistics, spelling data and synonyms
 * merged, so results are those of a one-writer index. Each shard has its
 * own writer in its own thread; the reading thread parses files and hands
 * each thread to the shard of a hash of its id, over bounded queues (flat
 * memory), so re-indexing a thread always replaces it where it is.
 */
#ifndef LANTERN_LT_PARALLEL_H
#define LANTERN_LT_PARALLEL_H

#include "lt_indexer.h"

#define LT_MAX_SHARDS 64

/* The number of shards of the index at `db`: 0 when it is not a sharded
 * index (missing, or one database). */
size_t lt_shard_count(const char *db);

/* Indexes with `shards` writers into the sharded index at `db`, creating
 * it (with `shards` shards) when missing; an existing one keeps its own
 * shard count. lt_index_files for a sharded index: it has zeroed
 * `summary` and made its remove_missing. */
lt_status lt_index_parallel(const char *db, size_t shards, const lt_walk *files,
                            const lt_config *config, const lt_index_options *options,
                            const lt_run_hooks *hooks, lt_index_summary *summary,
                            lt_error *err);

struct lt_writer;
/* Removes the ids of options->remove that belong to shard `shard` of
 * `n_shards` (all of them for 0 of 1) from the index of writer w, marking
 * in missing[i] each the index lacks. */
lt_status lt_remove_listed(struct lt_writer *w, const lt_index_options *options, size_t shard,
                           size_t n_shards, unsigned char *missing, lt_error *err);

#endif
