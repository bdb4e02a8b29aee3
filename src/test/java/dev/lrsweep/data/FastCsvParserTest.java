package dev.lrsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast path against {@link Double#parseDouble} and against the Commons CSV path: it must give
 * the same dataset bit for bit, or step aside so the Commons CSV path gives its error.
 */
class FastCsvParserTest {
    @TempDir
    Path dir;

    private static final CsvOptions DEFAULTS = CsvOptions.defaults();

    // ---- numbers ----------------------------------------------------------------------------

    /** Number texts of every shape the grammar allows, each finite as a double. */
    private static List<String> numberCorpus(long seed, int size) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(List.of(
                "0", "-0", "+0", "-0.0", "0.0", "-0e5", "0e-999999", "-0.000e+12", ".5", "5.", "-.5", "+.5e3",
                "+1.5", "00000123.4500000", "1e-320", "4.9e-324", "2.4703282292062327e-324",
                "2.4703282292062328e-324", "2.2250738585072011e-308", "2.2250738585072014E-308",
                "1.7976931348623157e308", "9007199254740993", "9007199254740992", "9007199254740991",
                "123456789012345678901234567890", "0.1234567890123456789012345", "1e22", "1e23", "1e-22",
                "1e-23", "9999999999999999e22", "4503599627370497.5", "0.30000000000000004", "1E+5", "1e005",
                "7.0e-10", "123456.7", "1234567.", "12345678", "0.00000001", "-99999999.99999999"));
        for (int i = out.size(); i < size; i++) {
            double mag = Math.pow(10, r.nextInt(-30, 31));
            double v = (r.nextBoolean() ? -1 : 1) * r.nextDouble() * mag;
            String s;
            switch (i % 10) {
                case 0 -> s = String.format(Locale.ROOT, "%.6g", r.nextGaussian());
                case 1 -> s = String.format(Locale.ROOT, "%.6g", v);
                case 2 -> s = String.format(Locale.ROOT, "%.17g", v);
                case 3 -> s = Double.toString(v);
                case 4 -> s = Long.toString(r.nextLong() >> r.nextInt(64));
                case 5 -> s = Double.toString(Double.longBitsToDouble(r.nextLong(0x7FEFFFFFFFFFFFFFL)));
                case 6 -> s = new BigDecimal(r.nextDouble()).round(new java.math.MathContext(r.nextInt(1, 30)))
                        .scaleByPowerOfTen(r.nextInt(-20, 21)).toString();
                default -> s = randomDigits(r);
            }
            out.add(s);
        }
        return out;
    }

    /** Sign, digits with a point somewhere (or none), maybe an exponent. */
    private static String randomDigits(SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        int sign = r.nextInt(3);
        if (sign == 1) sb.append('-');
        if (sign == 2) sb.append('+');
        int digits = r.nextInt(1, r.nextBoolean() ? 9 : 26);
        int point = r.nextInt(-1, digits + 1);
        for (int k = 0; k < digits; k++) {
            if (k == point) sb.append('.');
            sb.append((char) ('0' + (k == 0 && r.nextInt(4) == 0 ? 0 : r.nextInt(10))));
        }
        if (point == digits) sb.append('.');
        if (r.nextInt(3) == 0) {
            sb.append(r.nextBoolean() ? 'e' : 'E');
            int es = r.nextInt(3);
            if (es == 1) sb.append('-');
            if (es == 2) sb.append('+');
            sb.append(r.nextInt(0, 40));
        }
        return sb.toString();
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private Path write(String name, String text) throws Exception {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "padding ''{0}''")
    @ValueSource(strings = {"", " ", "\t"})
    void everyNumberIsBitIdenticalToParseDouble(String padding) throws Exception {
        // without padding most cells take the eight-bytes-at-a-time path; padded ones take the
        // byte-at-a-time path: both must agree with Double.parseDouble to the bit
        List<String> corpus = numberCorpus(20240601L + padding.length(), padding.isEmpty() ? 100_000 : 30_000);
        StringBuilder sb = new StringBuilder("x,y\n");
        for (String s : corpus) {
            sb.append(padding).append(s).append(padding).append(',').append(s).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
        for (int threads : new int[] {1, 2}) {
            Dataset d = FastCsvParser.parse(bytes, DEFAULTS, "corpus", threads, new int[] {bytes.length / 3});
            assertNotNull(d, "the fast path takes the corpus");
            for (int i = 0; i < corpus.size(); i++) {
                long want = Double.doubleToRawLongBits(Double.parseDouble(corpus.get(i)));
                if (Double.doubleToRawLongBits(d.x(i, 0)) != want || Double.doubleToRawLongBits(d.y(i)) != want) {
                    fail("'" + corpus.get(i) + "': parseDouble " + Double.parseDouble(corpus.get(i)) + ", fast "
                            + d.x(i, 0) + " / " + d.y(i));
                }
            }
        }
    }

    @Test
    void numbersAtTheVeryEndOfTheFile() throws Exception {
        // the last cells are too near the end for eight-byte reads
        for (String s : numberCorpus(7, 2_000)) {
            for (String end : new String[] {"", "\n", "\r\n"}) {
                byte[] bytes = ("x,y\n1," + s + end).getBytes(StandardCharsets.US_ASCII);
                Dataset d = FastCsvParser.parse(bytes, DEFAULTS, "end", 1);
                assertNotNull(d, s);
                assertEquals(Double.doubleToRawLongBits(Double.parseDouble(s)), Double.doubleToRawLongBits(d.y(0)), s);
            }
        }
    }

    // ---- fast path = slow path ----------------------------------------------------------------

    /** A random plain CSV: header or not, LF or CRLF, blank lines, a BOM, blanks around cells. */
    private static String randomCsv(SplittableRandom r, int columns, int rows, boolean header, char delim,
                                     boolean textColumn) {
        String nl = r.nextBoolean() ? "\n" : "\r\n";
        StringBuilder sb = new StringBuilder();
        if (r.nextInt(4) == 0) sb.append('\uFEFF');
        if (r.nextInt(4) == 0) sb.append(nl);
        List<String> corpus = numberCorpus(r.nextLong(), 50);
        if (header) {
            for (int j = 0; j < columns; j++) {
                if (j > 0) sb.append(delim);
                sb.append(r.nextInt(5) == 0 ? " " : "").append(j == 0 && r.nextBoolean() ? "prix (€)" : "c" + (j + 1));
            }
            sb.append(nl);
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                if (j > 0) sb.append(delim);
                if (textColumn && j == 0) {
                    sb.append(r.nextBoolean() ? "" : "id-" + i);
                    continue;
                }
                String blank = r.nextInt(10) == 0 ? " " : "";
                sb.append(blank).append(corpus.get(r.nextInt(corpus.size()))).append(blank);
            }
            sb.append(nl);
            if (r.nextInt(8) == 0) sb.append(nl);
        }
        if (r.nextBoolean()) sb.setLength(sb.length() - nl.length());
        return sb.toString();
    }

    private static void assertSameDataset(Dataset want, Dataset got, String what) {
        assertEquals(want.featureNames(), got.featureNames(), what);
        assertEquals(want.targetName(), got.targetName(), what);
        assertEquals(want.source(), got.source(), what);
        assertEquals(want.sha256(), got.sha256(), what);
        assertEquals(want.rows(), got.rows(), what);
        // Arrays.equals on doubles compares bits: 0.0 and -0.0 differ
        assertArrayEquals(want.xArray(), got.xArray(), what);
        assertArrayEquals(want.yArray(), got.yArray(), what);
    }

    @Test
    void fastPathEqualsCommonsCsvOnRandomFiles() throws Exception {
        SplittableRandom r = new SplittableRandom(42);
        for (int trial = 0; trial < 300; trial++) {
            int columns = r.nextInt(2, 7);
            boolean header = r.nextInt(4) != 0;
            char delim = new char[] {',', ';', '\t', '|'}[r.nextInt(4)];
            boolean textColumn = header && columns >= 3 && r.nextInt(3) == 0;
            String text = randomCsv(r, columns, r.nextInt(1, 60), header, delim, textColumn);
            String target = null;
            List<String> features = null;
            if (header && r.nextBoolean()) {
                int t = r.nextInt(textColumn ? 1 : 0, columns);
                target = t == 0 && text.contains("prix") ? "prix (€)" : "c" + (t + 1);
            }
            if (textColumn) {
                features = new ArrayList<>();
                for (int j = columns; j >= 2; j--) if (!("c" + j).equals(target)) features.add("c" + j);
                if (target == null) target = features.remove(0);
            }
            CsvOptions o = new CsvOptions(header, target, features, delim, false);
            Path f = write("r" + trial + ".csv", text);
            byte[] bytes = Files.readAllBytes(f);
            Dataset slow = CsvReader.readSlowly(f, o);
            for (int threads : new int[] {1, 2, 3}) {
                int[] cuts = {r.nextInt(bytes.length), r.nextInt(bytes.length), r.nextInt(bytes.length)};
                java.util.Arrays.sort(cuts);
                Dataset fast = FastCsvParser.parse(bytes, o, f.toString(), threads, cuts);
                assertNotNull(fast, "fast path declined trial " + trial + ":\n" + text);
                assertSameDataset(slow, fast, "trial " + trial + " threads " + threads + ":\n" + text);
            }
            assertSameDataset(slow, CsvReader.read(f, o), "trial " + trial);
        }
    }

    @Test
    void chunksCutAtEveryOffset() throws Exception {
        String text = "\uFEFFa,b,c\r\n1,2,3\r\n\r\n-4.5,.5,6.\r\n7e1,+8,-0\n\n9, 10 ,11\n12,13,14\r\n15,16,17";
        Path f = write("cuts.csv", text);
        byte[] bytes = Files.readAllBytes(f);
        Dataset slow = CsvReader.readSlowly(f, DEFAULTS);
        for (int k = 0; k <= bytes.length; k++) {
            for (int threads : new int[] {1, 2}) {
                Dataset fast = FastCsvParser.parse(bytes, DEFAULTS, f.toString(), threads, new int[] {k});
                assertNotNull(fast, "cut at " + k);
                assertSameDataset(slow, fast, "cut at " + k + ", " + threads + " threads");
            }
        }
        for (int k = 0; k < bytes.length; k++) {
            int[] cuts = new int[bytes.length - k];
            for (int i = 0; i < cuts.length; i++) cuts[i] = k + i;
            assertSameDataset(slow, FastCsvParser.parse(bytes, DEFAULTS, f.toString(), 3, cuts), "every cut from " + k);
        }
    }

    @Test
    void largeFileOnSeveralThreadsIsTheSameAsOnOne() throws Exception {
        // past the size where the default chunking uses several threads
        ByteArrayOutputStreamWithBytes out = new ByteArrayOutputStreamWithBytes();
        Generator.of(7, 3, 0.5, Generator.Model.LINEAR).write(30_000, out);
        byte[] bytes = out.bytes();
        Path f = write("big.csv", bytes);
        Dataset slow = CsvReader.readSlowly(f, DEFAULTS);
        for (int threads : new int[] {1, 2, 4}) {
            assertSameDataset(slow, CsvReader.read(f, DEFAULTS, threads), threads + " threads");
            assertNotNull(FastCsvParser.parse(bytes, DEFAULTS, f.toString(), threads));
        }
    }

    /** A ByteArrayOutputStream whose bytes can be taken. */
    private static final class ByteArrayOutputStreamWithBytes extends java.io.ByteArrayOutputStream {
        byte[] bytes() {
            return toByteArray();
        }
    }

    // ---- what the fast path leaves to Commons CSV ---------------------------------------------

    /** Inputs the fast path declines; the Commons CSV path then reads them or names the error. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "quoted cell|x,y\n\"1.5\",2\n",
        "quoted header|\"x\",y\n1,2\n",
        "quoted line break|\"x\nlong\",y\n1,2\n3,bad\n",
        "lone CR|x,y\r1,2\r3,4\r",
        "lone CR at the end|x,y\n1,2\r",
        "non-ASCII cell|x,y\n1,\u00a02\n",
        "non-numeric|x,y\n1,2\n3,abc\n",
        "NaN|x,y\n1,2\nNaN,4\n",
        "Infinity|x,y\n1,Infinity\n",
        "overflow|x,y\n1,1e999\n",
        "empty cell|x,y\n1,\n",
        "ragged|x,y\n1,2\n3\n",
        "long row|x,y\n1,2,3\n",
        "empty file|",
        "blank file|\n\n",
        "header only|x,y\n",
        "duplicate column|x,x,y\n1,2,3\n",
        "empty column name|x,,y\n1,2,3\n",
        "single column|y\n1\n",
        "hex|x,y\n0x10,2\n",
        "exponent without digits|x,y\n1e,2\n",
        "two points|x,y\n1.2.3,2\n",
        "two signs|x,y\n--1,2\n",
        "inner blank|x,y\n1 2,3\n",
        "suffix|x,y\n1d,2\n",
        "vertical tab|x,y\n1\u000b,2\n",
        "blank line of spaces|x,y\n1,2\n   \n3,4\n",
        "trailing delimiter|x,y\n1,2,\n",
    })
    void declinedInputsGiveTheCommonsCsvResult(String testCase) throws Exception {
        String[] parts = testCase.split("\\|", 2);
        Path f = write("d.csv", parts[1]);
        assertNull(FastCsvParser.parse(Files.readAllBytes(f), DEFAULTS, f.toString(), 2, new int[] {5}),
                "the fast path declines " + parts[0]);
        assertSameOutcome(f, DEFAULTS);
    }

    @Test
    void invalidUtf8IsDeclined() throws Exception {
        Path f = write("bin.csv", new byte[] {'x', ',', 'y', '\n', '1', ',', (byte) 0xff, '\n'});
        assertNull(FastCsvParser.parse(Files.readAllBytes(f), DEFAULTS, f.toString(), 1));
        assertSameOutcome(f, DEFAULTS);
        Path h = write("binh.csv", new byte[] {'x', (byte) 0xc3, ',', 'y', '\n', '1', ',', '2', '\n'});
        assertNull(FastCsvParser.parse(Files.readAllBytes(h), DEFAULTS, h.toString(), 1));
        assertSameOutcome(h, DEFAULTS);
    }

    @Test
    void unusedColumnsAreNotChecked() throws Exception {
        // as on the Commons CSV path, a column that is neither a feature nor the target may hold text
        Path f = write("u.csv", "id,x,y\nab,1,2\n,3,4\n");
        CsvOptions o = new CsvOptions(true, "y", List.of("x"), ',', false);
        assertNotNull(FastCsvParser.parse(Files.readAllBytes(f), o, f.toString(), 1));
        assertSameOutcome(f, o);
        // but non-ASCII or a quote there sends the file to Commons CSV
        Path g = write("g.csv", "id,x,y\n\u00e9t\u00e9,1,2\n\"q\",3,4\n");
        assertNull(FastCsvParser.parse(Files.readAllBytes(g), o, g.toString(), 1));
        assertSameOutcome(g, o);
    }

    @Test
    void optionErrorsComeFromTheCommonsCsvPath() throws Exception {
        Path f = write("o.csv", "x,w,y\n1,2,3\n");
        for (CsvOptions o : List.of(
                new CsvOptions(true, "z", null, ',', false),
                new CsvOptions(true, null, List.of("v"), ',', false),
                new CsvOptions(true, null, List.of("x", "x"), ',', false),
                new CsvOptions(true, null, List.of("x", "y"), ',', false),
                new CsvOptions(true, null, List.of(), ',', false))) {
            assertNull(FastCsvParser.parse(Files.readAllBytes(f), o, f.toString(), 1), o.toString());
            assertSameOutcome(f, o);
        }
    }

    @Test
    void labelsAndOddDelimitersTakeTheCommonsCsvPath() throws Exception {
        Path f = write("l.csv", "x,y\n1,a\n2,b\n");
        assertNull(FastCsvParser.parse(Files.readAllBytes(f), DEFAULTS.withLabels(true), f.toString(), 1));
        assertSameOutcome(f, DEFAULTS.withLabels(true));
        Path g = write("e.csv", "1e2e3\n4e5e6\n");
        for (char d : new char[] {'e', ' ', '5', '.', '-', '\u00a7'}) {
            CsvOptions o = new CsvOptions(false, null, null, d, false);
            assertNull(FastCsvParser.parse(Files.readAllBytes(g), o, g.toString(), 1), "delimiter " + d);
            assertSameOutcome(g, o);
        }
    }

    /** Random byte edits of a valid file: both paths agree on the dataset or on the error message. */
    @Test
    void mutatedFilesGiveTheSameResultOnBothPaths() throws Exception {
        SplittableRandom r = new SplittableRandom(99);
        String[] inserts = {"0", "7", ".", "e", "E", "-", "+", " ", "\t", ",", "\n", "\r", "\r\n", "\"", "x", "\u00e9",
            "\u00a0", "NaN", "1e999", "", ";"};
        for (int trial = 0; trial < 1_000; trial++) {
            StringBuilder sb = new StringBuilder(randomCsv(r, r.nextInt(2, 4), r.nextInt(1, 8), true, ',', false));
            int edits = r.nextInt(1, 4);
            for (int e = 0; e < edits; e++) {
                int at = r.nextInt(sb.length() + 1);
                if (r.nextBoolean() && at < sb.length()) sb.deleteCharAt(at);
                sb.insert(Math.min(at, sb.length()), inserts[r.nextInt(inserts.length)]);
            }
            Path f = write("m" + trial + ".csv", sb.toString());
            assertSameOutcome(f, DEFAULTS);
        }
    }

    /** {@link CsvReader#read} (fast path first) and the Commons CSV path agree: same data or same error. */
    private static void assertSameOutcome(Path f, CsvOptions o) throws Exception {
        String text = Files.readString(f, StandardCharsets.ISO_8859_1);
        Dataset slow;
        try {
            slow = CsvReader.readSlowly(f, o);
        } catch (DataException e) {
            for (int threads : new int[] {1, 2}) {
                DataException got = assertThrows(DataException.class, () -> CsvReader.read(f, o, threads), text);
                assertEquals(e.getMessage(), got.getMessage(), text);
            }
            return;
        }
        for (int threads : new int[] {1, 2}) assertSameDataset(slow, CsvReader.read(f, o, threads), text);
    }
}
