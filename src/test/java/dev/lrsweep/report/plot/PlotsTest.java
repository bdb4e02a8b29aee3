package dev.lrsweep.report.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class PlotsTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    /** Three trials: two converge, one diverges (NaN from step 12 on). */
    static List<Curve> threeTrials() {
        double[] slow = new double[40], fast = new double[40], bad = new double[40];
        for (int i = 0; i < 40; i++) {
            slow[i] = 1.0 * Math.pow(0.98, i);
            fast[i] = 1.0 * Math.pow(0.8, i) + 1e-3;
            bad[i] = i < 12 ? 1.0 * Math.pow(1.3, i) : Double.NaN;
        }
        return List.of(Curve.ofSteps("lr 0.01", slow, false), Curve.ofSteps("lr 0.1", fast, false),
                Curve.ofSteps("lr 1", bad, true));
    }

    /** A range test over 1e-5 .. 1 with a dip, and noisy raw losses. */
    static double[][] rangeData() {
        int n = 60;
        double[] lrs = new double[n], smoothed = new double[n], raw = new double[n];
        for (int i = 0; i < n; i++) {
            lrs[i] = 1e-5 * Math.pow(10, 5.0 * i / (n - 1));
            double x = Math.log10(lrs[i]);
            smoothed[i] = 1.0 - 0.8 / (1 + Math.exp(-3 * (x + 2.5))) + (x > -1 ? (x + 1) * 2 : 0);
            raw[i] = smoothed[i] * (1 + 0.1 * Math.sin(7 * i));
        }
        raw[n - 1] = Double.POSITIVE_INFINITY;
        return new double[][] {lrs, smoothed, raw};
    }

    @Test
    void pngHasTheSignatureAndTheRequestedSize() throws IOException {
        Path png = dir.resolve("loss.png");
        Plots.lossCurves(threeTrials(), "loss", png, 640, 400);
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8));
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image);
        assertEquals(640, image.getWidth());
        assertEquals(400, image.getHeight());
        assertEquals(List.of(png), listDir(), "no temporary file is left behind");
    }

    @Test
    void threeCurvesOneDivergedGiveFourSeries() throws Exception {
        Path svg = dir.resolve("loss.svg");
        assertEquals(4, Plots.lossCurves(threeTrials(), "loss", svg));
        assertEquals(List.of("lr 0.01", "lr 0.1", "lr 1", "lr 1 diverged"), seriesNames(svg));
        assertEquals(List.of("line", "line", "line", "marker"), seriesKinds(svg));
        assertEquals(4, Plots.lossCurves(threeTrials(), "loss", dir.resolve("loss.png")));
    }

    @Test
    void svgIsWellFormedWithTheRequestedSizeAndATitle() throws Exception {
        Path svg = dir.resolve("Loss.SVG");
        Plots.lossCurves(threeTrials(), "sweep <grid> & co", svg, 700, 450);
        Document doc = parse(svg);
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("700px", root.getAttribute("width"));
        assertEquals("450px", root.getAttribute("height"));
        assertEquals("sweep <grid> & co", doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "title")
                .item(0).getTextContent());
        assertTrue(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path").getLength() > 0,
                "the chart itself is drawn");
    }

    @Test
    void aCurveThatExplodesIsCutAtTheTopAndMarked() throws Exception {
        double[] calm = {1, 0.9, 0.8, 0.7};
        double[] wild = {1, 10, 1e4, 1e9};
        Path svg = dir.resolve("wild.svg");
        int n = Plots.lossCurves(List.of(Curve.ofSteps("calm", calm, false), Curve.ofSteps("wild", wild, false)),
                null, svg);
        assertEquals(3, n);
        assertEquals(List.of("calm", "wild", "wild off chart"), seriesNames(svg));
    }

    @Test
    void duplicateLabelsStillGiveOneSeriesEach() throws Exception {
        double[] y = {1, 0.5};
        Path svg = dir.resolve("dup.svg");
        assertEquals(2, Plots.lossCurves(List.of(Curve.ofSteps("a", y, false), Curve.ofSteps("a", y, false)),
                "", svg));
        assertEquals(List.of("a", "a (2)"), seriesNames(svg));
    }

    @Test
    void rangeTestDrawsSmoothedRawAndTwoMarkers() throws Exception {
        double[][] d = rangeData();
        Path svg = dir.resolve("find.svg");
        int n = Plots.rangeTest(d[0], d[1], d[2], OptionalDouble.of(0.0123), "steepest",
                OptionalDouble.of(0.0334), "range test", svg);
        assertEquals(4, n);
        List<String> names = seriesNames(svg);
        assertEquals(4, names.size());
        assertTrue(names.contains("smoothed loss"), names::toString);
        assertTrue(names.contains("raw loss"), names::toString);
        assertTrue(names.contains("suggestion (steepest) 0.0123"), names::toString);
        assertTrue(names.contains("critical lr 2/\u03bbmax 0.0334"), names::toString);

        Path png = dir.resolve("find.png");
        assertEquals(4, Plots.rangeTest(d[0], d[1], d[2], OptionalDouble.of(0.0123), "steepest",
                OptionalDouble.of(0.0334), "range test", png, 500, 300));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(500, image.getWidth());
        assertEquals(300, image.getHeight());
    }

    @Test
    void rangeTestWithoutRawOrMarkersDrawsOneSeries() throws Exception {
        double[][] d = rangeData();
        Path svg = dir.resolve("find.svg");
        assertEquals(1, Plots.rangeTest(d[0], d[1], null, OptionalDouble.empty(), null,
                OptionalDouble.of(Double.POSITIVE_INFINITY), null, svg));
        assertEquals(List.of("smoothed loss"), seriesNames(svg));
    }

    @Test
    void badExtensionIsAnErrorAndWritesNothing() throws IOException {
        Path bad = dir.resolve("loss.jpg");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plots.lossCurves(threeTrials(), "loss", bad));
        assertEquals("plot file must end in .png or .svg: " + bad, e.getMessage());
        double[][] d = rangeData();
        Path none = dir.resolve("plot");
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> Plots.rangeTest(d[0], d[1], d[2], OptionalDouble.empty(), null, OptionalDouble.empty(),
                        null, none));
        assertEquals("plot file must end in .png or .svg: " + none, e2.getMessage());
        assertEquals(List.of(), listDir());
    }

    @Test
    void aMissingDirectoryFailsWithoutLeavingFiles() throws IOException {
        Path target = dir.resolve("no-such-dir").resolve("loss.png");
        assertThrows(IOException.class, () -> Plots.lossCurves(threeTrials(), "loss", target));
        assertEquals(List.of(), listDir());
    }

    @Test
    void anExistingFileIsReplaced() throws IOException {
        Path png = dir.resolve("loss.png");
        Files.writeString(png, "old", StandardCharsets.US_ASCII);
        Plots.lossCurves(threeTrials(), "loss", png);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(Files.readAllBytes(png), 8));
        assertEquals(List.of(png), listDir());
    }

    @Test
    void nothingToDrawIsAnError() {
        Path png = dir.resolve("x.png");
        assertThrows(IllegalArgumentException.class, () -> Plots.lossCurves(List.of(), "t", png));
        assertThrows(IllegalArgumentException.class, () -> Plots.lossCurves(
                List.of(Curve.ofSteps("nan", new double[] {Double.NaN}, false)), "t", png));
        assertThrows(IllegalArgumentException.class, () -> Plots.lossCurves(threeTrials(), "t", png, 50, 400));
        assertFalse(Files.exists(png));
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    /** Parses without fetching the SVG 1.1 DTD the file names, so the test needs no network. */
    static Document parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setValidating(false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder b = f.newDocumentBuilder();
        return b.parse(file.toFile());
    }

    static List<String> seriesNames(Path svg) throws Exception {
        return seriesAttribute(svg, "name");
    }

    static List<String> seriesKinds(Path svg) throws Exception {
        return seriesAttribute(svg, "kind");
    }

    private static List<String> seriesAttribute(Path svg, String attribute) throws Exception {
        NodeList nodes = parse(svg).getElementsByTagNameNS(Plots.SVG_NAMESPACE, "series");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(((Element) nodes.item(i)).getAttribute(attribute));
        }
        return out;
    }
}
