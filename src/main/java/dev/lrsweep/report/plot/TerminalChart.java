package dev.lrsweep.report.plot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Draws the charts of {@link Plots} as plain ASCII text for a terminal: no colours, no escape
 * sequences, the same output for the same input.
 *
 * <p>A chart is a header line naming the axes, then exactly {@code height} plot rows of
 * {@code width} cells behind a {@code |} axis (the top and bottom rows labelled with the axis'
 * maximum and minimum), an axis line {@code +----}, a line with the x axis' minimum and maximum, and
 * legend lines mapping each glyph to what it shows. Trailing spaces are trimmed from every line, and
 * lines end in {@code \n}.
 *
 * <p>A value {@code v} on an axis from {@code lo} to {@code hi} with {@code n} cells lands in cell
 * {@code round((u(v) - u(lo)) / (u(hi) - u(lo)) * (n - 1))}, where {@code u} is the natural
 * logarithm on a log axis and the identity otherwise; rows count from the bottom. Consecutive points
 * of a line are joined.
 */
public final class TerminalChart {
    /** The glyphs of successive curves; reused from the start beyond the last one. */
    public static final String GLYPHS =
            "*+o#@%&=~$abcdefghijklmnopqrstuvwyzABDEFGHIJKLMNOPQRTUVWYZ0123456789";
    /** The glyph where a curve left the chart: its divergence or its cut at the top. */
    public static final char EXIT_MARK = 'X';
    /** The glyph topping the suggestion's column in a range test. */
    public static final char SUGGESTION_MARK = 'S';
    /** The glyph ending the critical rate's column in a range test. */
    public static final char CRITICAL_MARK = 'C';
    /** The smallest width accepted, in cells. */
    public static final int MIN_WIDTH = 10;
    /** The smallest height accepted, in rows. */
    public static final int MIN_HEIGHT = 3;

    private TerminalChart() {
    }

    /**
     * Draws loss against step, one glyph per curve (from {@link #GLYPHS}, in order), on a logarithmic
     * loss axis and a linear step axis; the layout is that of {@link Plots#lossCurves}. Where a curve
     * left the chart, by diverging or by being cut at the top, it is marked {@link #EXIT_MARK} and its
     * legend line says after which step.
     *
     * @param curves the curves, at least one
     * @param width  the plot width in cells, at least {@value #MIN_WIDTH}
     * @param height the number of plot rows, at least {@value #MIN_HEIGHT}
     * @return the chart, lines ending in {@code \n}
     * @throws IllegalArgumentException when the size is too small or nothing can be drawn
     */
    public static String lossCurves(List<Curve> curves, int width, int height) {
        checkSize(width, height);
        LossLayout layout = LossLayout.of(curves);
        Axis xAxis = new Axis(layout.xMin(), layout.xMax(), false, width);
        Axis yAxis = new Axis(layout.yMin(), layout.yMax(), true, height);
        Grid grid = new Grid(width, height);

        List<String> legend = new ArrayList<>();
        List<LossLayout.Trace> traces = layout.traces();
        for (int k = 0; k < traces.size(); k++) {
            LossLayout.Trace t = traces.get(k);
            char glyph = GLYPHS.charAt(k % GLYPHS.length());
            grid.polyline(xAxis, yAxis, t.x(), t.y(), glyph);
            legend.add(glyph + " " + t.label() + exitNote(t));
        }
        for (LossLayout.Trace t : traces) {
            if (t.mark() != null) {
                grid.set(xAxis.cell(t.mark().x()), yAxis.row(t.mark().y()), EXIT_MARK);
            }
        }
        return grid.render("loss (log) against step", yAxis, xAxis, legend);
    }

    /**
     * Draws a range test: smoothed loss ({@code *}) against learning rate on a logarithmic rate
     * axis, with {@code |} columns at the suggestion, topped by {@link #SUGGESTION_MARK}, and at the
     * critical rate, ended at the bottom by {@link #CRITICAL_MARK}. Points, axes and markers are laid
     * out as in {@link Plots#rangeTest}: the loss axis is linear unless the losses span more than a
     * hundred to one, and the rate axis runs from the smallest to the largest of the rates and the
     * markers drawn.
     *
     * @param lrs        the rate at each recorded step
     * @param smoothed   the smoothed loss at each step, same length
     * @param suggestion the suggested rate, or empty
     * @param criticalLr the critical rate 2/λmax, or empty
     * @param width      the plot width in cells, at least {@value #MIN_WIDTH}
     * @param height     the number of plot rows, at least {@value #MIN_HEIGHT}
     * @return the chart, lines ending in {@code \n}
     * @throws IllegalArgumentException when the size is too small, the lengths differ or nothing can
     *                                  be drawn
     */
    public static String rangeTest(double[] lrs, double[] smoothed, OptionalDouble suggestion,
                                   OptionalDouble criticalLr, int width, int height) {
        checkSize(width, height);
        RangeLayout layout = RangeLayout.of(lrs, smoothed, null, suggestion, criticalLr);
        Axis xAxis = new Axis(layout.xMin(), layout.xMax(), true, width);
        Axis yAxis = new Axis(layout.yMin(), layout.yMax(), layout.logY(), height);
        Grid grid = new Grid(width, height);

        List<String> legend = new ArrayList<>();
        legend.add("* smoothed loss");
        int sCol = -1, cCol = -1;
        if (layout.suggestion().isPresent()) {
            double s = layout.suggestion().getAsDouble();
            sCol = xAxis.cell(s);
            grid.column(sCol, '|');
            legend.add(SUGGESTION_MARK + " " + Fmt.suggestion(null, s));
        }
        if (layout.critical().isPresent()) {
            double c = layout.critical().getAsDouble();
            cCol = xAxis.cell(c);
            grid.column(cCol, '|');
            legend.add(CRITICAL_MARK + " " + Fmt.critical(c, true));
        }
        grid.polyline(xAxis, yAxis, layout.lr(), layout.smoothed(), '*');
        if (sCol >= 0) grid.set(sCol, 0, SUGGESTION_MARK);
        if (cCol >= 0) grid.set(cCol, height - 1, CRITICAL_MARK);
        String header = "smoothed loss" + (layout.logY() ? " (log)" : "") + " against learning rate (log)";
        return grid.render(header, yAxis, xAxis, legend);
    }

    private static String exitNote(LossLayout.Trace t) {
        LossLayout.Mark m = t.mark();
        if (m == null) return t.size() == 0 ? "  (nothing to draw)" : "";
        String what = m.exit() == LossLayout.Exit.DIVERGED ? "diverged" : "above the chart";
        String when = Double.isNaN(m.lastStep()) ? " before its first finite loss" : " after step " + Fmt.g4(m.lastStep());
        return "  " + EXIT_MARK + " " + what + when;
    }

    private static void checkSize(int width, int height) {
        if (width < MIN_WIDTH || height < MIN_HEIGHT) {
            throw new IllegalArgumentException("chart size must be at least " + MIN_WIDTH + " columns by "
                    + MIN_HEIGHT + " rows, got " + width + " by " + height);
        }
    }

    /** One axis: a value range mapped onto {@code cells} cells, linearly or logarithmically. */
    private static final class Axis {
        private final double lo;
        private final double hi;
        private final boolean log;
        private final int cells;

        Axis(double lo, double hi, boolean log, int cells) {
            if (lo == hi) {
                // a single value: widen the axis around it so it lands in the middle
                if (log) {
                    lo /= 2;
                    hi *= 2;
                } else {
                    double d = lo == 0 ? 1 : Math.abs(lo) * 0.1;
                    lo -= d;
                    hi += d;
                }
            }
            this.lo = lo;
            this.hi = hi;
            this.log = log;
            this.cells = cells;
        }

        /** The cell of {@code v}, from 0 at {@code lo}; may fall outside {@code [0, cells)}. */
        int cell(double v) {
            double u = log ? (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (v - lo) / (hi - lo);
            return (int) Math.round(u * (cells - 1));
        }

        /** The row of {@code v} on a vertical axis, from 0 at the top. */
        int row(double v) {
            return cells - 1 - cell(v);
        }

        String loLabel() {
            return Fmt.g4(lo);
        }

        String hiLabel() {
            return Fmt.g4(hi);
        }
    }

    /** The plot area: {@code height} rows of {@code width} cells. */
    private static final class Grid {
        private final char[][] cells;
        private final int width;
        private final int height;

        Grid(int width, int height) {
            this.width = width;
            this.height = height;
            cells = new char[height][width];
            for (char[] row : cells) Arrays.fill(row, ' ');
        }

        /** Sets one cell; cells outside the grid are ignored. */
        void set(int col, int row, char c) {
            if (col >= 0 && col < width && row >= 0 && row < height) cells[row][col] = c;
        }

        /** Fills a whole column. */
        void column(int col, char c) {
            for (int row = 0; row < height; row++) set(col, row, c);
        }

        /** Draws the points and joins consecutive ones; NaN values break the line. */
        void polyline(Axis xAxis, Axis yAxis, double[] x, double[] y, char c) {
            boolean joined = false;
            int pc = 0, pr = 0;
            for (int i = 0; i < x.length; i++) {
                if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
                    joined = false;
                    continue;
                }
                int col = xAxis.cell(x[i]), row = yAxis.row(y[i]);
                if (joined) {
                    segment(pc, pr, col, row, c);
                } else {
                    set(col, row, c);
                }
                pc = col;
                pr = row;
                joined = true;
            }
        }

        private void segment(int c0, int r0, int c1, int r1, char c) {
            int steps = Math.max(Math.abs(c1 - c0), Math.abs(r1 - r0));
            if (steps == 0) {
                set(c1, r1, c);
                return;
            }
            for (int k = 0; k <= steps; k++) {
                int col = c0 + (int) Math.round((double) k * (c1 - c0) / steps);
                int row = r0 + (int) Math.round((double) k * (r1 - r0) / steps);
                set(col, row, c);
            }
        }

        String render(String header, Axis yAxis, Axis xAxis, List<String> legend) {
            String top = yAxis.hiLabel(), bottom = yAxis.loLabel();
            int gutter = Math.max(top.length(), bottom.length());
            StringBuilder out = new StringBuilder();
            line(out, header);
            for (int row = 0; row < height; row++) {
                String label = row == 0 ? top : row == height - 1 ? bottom : "";
                line(out, pad(label, gutter) + " |" + new String(cells[row]));
            }
            line(out, " ".repeat(gutter) + " +" + "-".repeat(width));
            String left = xAxis.loLabel(), right = xAxis.hiLabel();
            int gap = Math.max(1, width - left.length() - right.length());
            line(out, " ".repeat(gutter + 2) + left + " ".repeat(gap) + right);
            for (String l : legend) line(out, "  " + l);
            return out.toString();
        }

        private static void line(StringBuilder out, String s) {
            out.append(s.stripTrailing()).append('\n');
        }

        private static String pad(String s, int n) {
            return " ".repeat(n - s.length()) + s;
        }
    }
}
