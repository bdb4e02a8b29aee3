/**
 * Reading CSV files into a compact numeric {@link dev.lrsweep.data.Dataset}, with one-line errors
 * that name the file, line and column of anything that cannot be used.
 */
package dev.lrsweep.data;
