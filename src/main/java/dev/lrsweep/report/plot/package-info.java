/**
 * Charts of a sweep: image files through XChart (PNG and SVG, rendered headless) and plain-ASCII
 * charts for the terminal, both drawn from plain arrays.
 *
 * <p>{@link dev.lrsweep.report.plot.Plots} writes the files behind {@code --plot FILE.png|FILE.svg};
 * {@link dev.lrsweep.report.plot.TerminalChart} draws the same charts as text for {@code --chart}.
 * Grid and random sweeps give one {@link dev.lrsweep.report.plot.Curve} per trial (loss against step,
 * log loss axis); a range test gives smoothed loss against learning rate (log lr axis) with the
 * suggestion and the critical rate marked. Both outputs share one layout, so a trial that diverged or
 * ran off the top of the chart is marked at the same place in the image and in the terminal.
 *
 * <p>This package depends on no other lrsweep package.
 */
package dev.lrsweep.report.plot;
