package dev.lrsweep.report.plot;

import dev.lrsweep.data.AtomicOutput;
import dev.lrsweep.report.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes sweep charts as PNG or SVG files with XChart, rendered headless.
 *
 * <p>The format follows the file's extension, {@code .png} or {@code .svg} (any case). Files are
 * written atomically: to a temporary file in the same directory, then renamed over the target, so a
 * failure leaves no half-written file. An SVG file also carries, in its {@code <metadata>}, one
 * {@code <lrsweep:series>} element per series drawn (namespace {@value #SVG_NAMESPACE}), with the
 * series' {@code name} and {@code kind} ({@code line}, {@code marker} or {@code vertical}); XChart
 * draws text as outlines, so this is how tools can tell what an SVG chart shows.
 *
 * <p>The entry points set {@code java.awt.headless=true} unless the property is already set, so no
 * display is needed.
 */
public final class Plots {
    /** The default image width in pixels. */
    public static final int DEFAULT_WIDTH = 800;
    /** The default image height in pixels. */
    public static final int DEFAULT_HEIGHT = 500;
    /** The smallest width or height accepted, in pixels. */
    public static final int MIN_SIZE = 100;
    /** The XML namespace of the series list in an SVG file's metadata. */
    public static final String SVG_NAMESPACE = "urn:dev.lrsweep:plot";

    private Plots() {
    }

    /**
     * {@link #lossCurves(List, String, Path, int, int)} at the default size.
     *
     * @param curves the curves, one per trial
     * @param title  the chart title, or null for none
     * @param file   the file to write, ending in {@code .png} or {@code .svg}
     * @return the number of series drawn
     * @throws IOException when the file cannot be written
     */
    public static int lossCurves(List<Curve> curves, String title, Path file) throws IOException {
        return lossCurves(curves, title, file, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    /**
     * Draws loss against step, one line per curve, with a logarithmic loss axis and a legend.
     *
     * <p>Each curve is drawn up to its first non-finite or non-positive loss. A curve that climbs
     * more than a thousandfold above the smallest starting loss of all curves is cut where it crosses
     * that height, the top of the chart, and marked there with an X in a one-point series named
     * {@code "<label> off chart"}, or {@code "<label> diverged"} when the curve is flagged diverged.
     * A diverged curve that stays on the chart gets the {@code "<label> diverged"} X at its last
     * drawable point. A curve with nothing drawable and not diverged adds no series.
     *
     * @param curves the curves, one per trial, at least one
     * @param title  the chart title, or null for none
     * @param file   the file to write, ending in {@code .png} or {@code .svg}
     * @param width  the image width in pixels, at least {@value #MIN_SIZE}
     * @param height the image height in pixels, at least {@value #MIN_SIZE}
     * @return the number of series drawn: lines plus markers
     * @throws IllegalArgumentException when the extension is neither {@code .png} nor {@code .svg},
     *                                  the size is too small, or nothing can be drawn; no file is written
     * @throws IOException              when the file cannot be written; the target is then untouched
     */
    public static int lossCurves(List<Curve> curves, String title, Path file, int width, int height)
            throws IOException {
        return lossCurves(curves, title, file, width, height, AtomicFiles::write);
    }

    /**
     * {@link #lossCurves(List, String, Path)}, the file going to {@code sink} (a batch of files that
     * appear together, for instance).
     */
    public static int lossCurves(List<Curve> curves, String title, Path file, AtomicOutput.Sink sink)
            throws IOException {
        return lossCurves(curves, title, file, DEFAULT_WIDTH, DEFAULT_HEIGHT, sink);
    }

    private static int lossCurves(List<Curve> curves, String title, Path file, int width, int height,
                                  AtomicOutput.Sink sink) throws IOException {
        PlotFile format = PlotFile.of(Objects.requireNonNull(file, "file"));
        checkSize(width, height);
        LossLayout layout = LossLayout.of(curves);
        headless();

        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title(title == null ? "" : title).xAxisTitle("step").yAxisTitle("loss").build();
        XYStyler styler = chart.getStyler();
        style(styler);
        styler.setYAxisLogarithmic(true);

        Color[] palette = palette();
        List<Drawn> drawn = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int k = 0; k < layout.traces().size(); k++) {
            LossLayout.Trace t = layout.traces().get(k);
            Color color = palette[k % palette.length];
            if (t.size() > 0) {
                String name = unique(names, t.label());
                XYSeries s = chart.addSeries(name, t.x(), t.y());
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                s.setMarker(t.size() == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
                s.setLineColor(color);
                s.setMarkerColor(color);
                s.setLineWidth(1.6f);
                drawn.add(new Drawn(name, "line"));
            }
            LossLayout.Mark m = t.mark();
            if (m != null) {
                String suffix = m.exit() == LossLayout.Exit.DIVERGED ? " diverged" : " off chart";
                String name = unique(names, t.label() + suffix);
                XYSeries s = chart.addSeries(name, new double[] {m.x()}, new double[] {m.y()});
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(SeriesMarkers.CROSS);
                s.setMarkerColor(color);
                drawn.add(new Drawn(name, "marker"));
            }
        }
        save(chart, format, file, title, "loss-curves", drawn, sink);
        return drawn.size();
    }

    /**
     * {@link #rangeTest(double[], double[], double[], OptionalDouble, String, OptionalDouble, String,
     * Path, int, int)} at the default size.
     *
     * @param lrs             the rate at each recorded step
     * @param smoothed        the smoothed loss at each step
     * @param raw             the raw loss at each step, or null
     * @param suggestion      the suggested rate, or empty
     * @param suggestionLabel the suggestion's method, e.g. {@code "steepest"}, or null
     * @param criticalLr      the critical rate 2/λmax, or empty
     * @param title           the chart title, or null for none
     * @param file            the file to write, ending in {@code .png} or {@code .svg}
     * @return the number of series drawn
     * @throws IOException when the file cannot be written
     */
    public static int rangeTest(double[] lrs, double[] smoothed, double[] raw, OptionalDouble suggestion,
                                String suggestionLabel, OptionalDouble criticalLr, String title, Path file)
            throws IOException {
        return rangeTest(lrs, smoothed, raw, suggestion, suggestionLabel, criticalLr, title, file,
                DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    /**
     * Draws a range test: smoothed loss against learning rate on a logarithmic rate axis, the raw
     * loss as a faint line behind it when given, and dashed vertical lines at the suggestion (legend
     * {@code "suggestion (steepest) 0.0123"}) and at the critical rate ({@code "critical lr 2/λmax
     * 0.0334"}).
     *
     * <p>Points with a non-finite or non-positive rate or a non-finite smoothed loss are left out.
     * The loss axis is linear unless the smoothed losses are positive and span more than a hundred
     * to one, and it stops at a thousand times the first smoothed loss. Markers that are absent,
     * non-finite or non-positive are not drawn; the rate axis widens to show the others. The raw
     * line is left out when it has no finite point.
     *
     * @param lrs             the rate at each recorded step
     * @param smoothed        the smoothed loss at each step, same length
     * @param raw             the raw loss at each step, same length, or null
     * @param suggestion      the suggested rate, or empty
     * @param suggestionLabel the suggestion's method, e.g. {@code "steepest"}, or null
     * @param criticalLr      the critical rate 2/λmax, or empty
     * @param title           the chart title, or null for none
     * @param file            the file to write, ending in {@code .png} or {@code .svg}
     * @param width           the image width in pixels, at least {@value #MIN_SIZE}
     * @param height          the image height in pixels, at least {@value #MIN_SIZE}
     * @return the number of series drawn: smoothed, raw if drawn, and one per marker
     * @throws IllegalArgumentException when the extension is neither {@code .png} nor {@code .svg},
     *                                  the size is too small, the lengths differ or nothing can be
     *                                  drawn; no file is written
     * @throws IOException              when the file cannot be written; the target is then untouched
     */
    public static int rangeTest(double[] lrs, double[] smoothed, double[] raw, OptionalDouble suggestion,
                                String suggestionLabel, OptionalDouble criticalLr, String title, Path file,
                                int width, int height) throws IOException {
        return rangeTest(lrs, smoothed, raw, suggestion, suggestionLabel, criticalLr, title, file, width, height,
                AtomicFiles::write);
    }

    /**
     * {@link #rangeTest(double[], double[], double[], OptionalDouble, String, OptionalDouble, String,
     * Path)}, the file going to {@code sink}.
     */
    public static int rangeTest(double[] lrs, double[] smoothed, double[] raw, OptionalDouble suggestion,
                                String suggestionLabel, OptionalDouble criticalLr, String title, Path file,
                                AtomicOutput.Sink sink) throws IOException {
        return rangeTest(lrs, smoothed, raw, suggestion, suggestionLabel, criticalLr, title, file,
                DEFAULT_WIDTH, DEFAULT_HEIGHT, sink);
    }

    private static int rangeTest(double[] lrs, double[] smoothed, double[] raw, OptionalDouble suggestion,
                                 String suggestionLabel, OptionalDouble criticalLr, String title, Path file,
                                 int width, int height, AtomicOutput.Sink sink) throws IOException {
        PlotFile format = PlotFile.of(Objects.requireNonNull(file, "file"));
        checkSize(width, height);
        RangeLayout layout = RangeLayout.of(lrs, smoothed, raw, suggestion, criticalLr);
        headless();

        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title(title == null ? "" : title).xAxisTitle("learning rate")
                .yAxisTitle("smoothed loss").build();
        XYStyler styler = chart.getStyler();
        style(styler);
        styler.setXAxisLogarithmic(true);
        styler.setYAxisLogarithmic(layout.logY());
        styler.setXAxisMin(layout.xMin()).setXAxisMax(layout.xMax());
        styler.setYAxisMin(layout.yMin()).setYAxisMax(layout.yMax());

        List<Drawn> drawn = new ArrayList<>();
        if (layout.hasRaw()) {
            XYSeries s = chart.addSeries("raw loss", layout.lr(), layout.raw());
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(new Color(120, 120, 120, 90));
            s.setLineWidth(1f);
            drawn.add(new Drawn("raw loss", "line"));
        }
        XYSeries smooth = chart.addSeries("smoothed loss", layout.lr(), layout.smoothed());
        smooth.setMarker(layout.lr().length == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        smooth.setLineColor(new Color(31, 119, 180));
        smooth.setMarkerColor(new Color(31, 119, 180));
        smooth.setLineWidth(2f);
        drawn.add(new Drawn("smoothed loss", "line"));

        BasicStroke dashed = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f);
        if (layout.suggestion().isPresent()) {
            double s = layout.suggestion().getAsDouble();
            drawn.add(vertical(chart, Fmt.suggestion(suggestionLabel, s), s, layout,
                    new Color(44, 160, 44), dashed));
        }
        if (layout.critical().isPresent()) {
            double c = layout.critical().getAsDouble();
            drawn.add(vertical(chart, Fmt.critical(c, false), c, layout, new Color(214, 39, 40), dashed));
        }
        save(chart, format, file, title, "range-test", drawn, sink);
        return drawn.size();
    }

    /** A series as listed in an SVG file's metadata. */
    private record Drawn(String name, String kind) {
    }

    private static Drawn vertical(XYChart chart, String name, double x, RangeLayout layout, Color color,
                                  BasicStroke stroke) {
        XYSeries s = chart.addSeries(name, new double[] {x, x}, new double[] {layout.yMin(), layout.yMax()});
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(stroke);
        return new Drawn(name, "vertical");
    }

    /** Matplotlib's "tab10" colours: distinct, and all readable on white. */
    private static Color[] palette() {
        int[] rgb = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};
        Color[] colors = new Color[rgb.length];
        for (int i = 0; i < rgb.length; i++) colors[i] = new Color(rgb[i]);
        return colors;
    }

    private static void style(XYStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(new Color(200, 200, 200));
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setLegendBorderColor(new Color(200, 200, 200));
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartTitleBoxVisible(false);
        styler.setAntiAlias(true);
        styler.setMarkerSize(10);
    }

    private static void save(XYChart chart, PlotFile format, Path file, String title, String kind,
                             List<Drawn> drawn, AtomicOutput.Sink sink) throws IOException {
        if (format == PlotFile.PNG) {
            sink.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        } else {
            ByteArrayOutputStream svg = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            byte[] bytes = withMetadata(svg.toString(StandardCharsets.UTF_8), title, kind, drawn)
                    .getBytes(StandardCharsets.UTF_8);
            sink.write(file, out -> out.write(bytes));
        }
    }

    /** Inserts a {@code <title>} and the series list right after the root element's start tag. */
    private static String withMetadata(String svg, String title, String kind, List<Drawn> drawn) {
        int root = svg.indexOf("<svg");
        int end = root < 0 ? -1 : svg.indexOf('>', root);
        if (end < 0) {
            throw new IllegalStateException("XChart wrote an SVG without an <svg> element");
        }
        StringBuilder meta = new StringBuilder("\n");
        if (title != null && !title.isEmpty()) {
            meta.append("  <title>").append(xml(title)).append("</title>\n");
        }
        meta.append("  <metadata>\n    <lrsweep:chart xmlns:lrsweep=\"").append(SVG_NAMESPACE)
                .append("\" kind=\"").append(kind).append("\">\n");
        for (Drawn d : drawn) {
            meta.append("      <lrsweep:series name=\"").append(xml(d.name())).append("\" kind=\"")
                    .append(d.kind()).append("\"/>\n");
        }
        meta.append("    </lrsweep:chart>\n  </metadata>");
        return svg.substring(0, end + 1) + meta + svg.substring(end + 1);
    }

    private static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? ' ' : c);
            }
        }
        return b.toString();
    }

    /** A series name not used yet: {@code name}, else {@code "name (2)"}, {@code "name (3)"}, … */
    private static String unique(Set<String> used, String name) {
        String candidate = name;
        for (int k = 2; !used.add(candidate); k++) {
            candidate = name + " (" + k + ")";
        }
        return candidate;
    }

    private static void checkSize(int width, int height) {
        if (width < MIN_SIZE || height < MIN_SIZE) {
            throw new IllegalArgumentException(
                    "plot size must be at least " + MIN_SIZE + "x" + MIN_SIZE + " pixels, got " + width + "x" + height);
        }
    }

    /** Lets AWT render without a display, unless the user chose otherwise. */
    private static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
