/**
 * What the user sees: step tables, the summary table, the JSON summary, and atomic file writes.
 * The only layer besides the CLI that may use Jackson.
 */
package dev.lrsweep.report;
