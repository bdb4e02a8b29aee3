/**
 * Reading CSV files into a compact numeric {@link dev.lrsweep.data.Dataset}, with one-line errors
 * that name the file, line and column of anything that cannot be used.
 *
 * <p>{@link dev.lrsweep.data.CsvReader} reads plain numeric files on a fast path (parallel, straight
 * into the dataset's arrays, bit-identical to {@link java.lang.Double#parseDouble}) and everything
 * else through Apache Commons CSV, which also gives every error message.
 * {@link dev.lrsweep.data.DatasetCache} keeps a validated binary copy beside the CSV so a re-run
 * skips parsing. {@link dev.lrsweep.data.Generator} writes seeded synthetic datasets.
 */
package dev.lrsweep.data;
