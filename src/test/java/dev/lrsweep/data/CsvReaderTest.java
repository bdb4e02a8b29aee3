package dev.lrsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path dir;

    private Dataset read(String text, CsvOptions o) throws Exception {
        Path f = dir.resolve("t.csv");
        Files.write(f, text.getBytes(StandardCharsets.UTF_8));
        return CsvReader.read(f, o);
    }

    @Test
    void anUnclosedQuoteIsPlacedAtItsField() {
        assertEquals(3, CsvReader.unclosedField("1,2,\"3", ','));
        // a quoted delimiter and a doubled quote inside a closed field do not count
        assertEquals(2, CsvReader.unclosedField("\"1;\"\"2\";\"x", ';'));
        assertEquals(1, CsvReader.unclosedField("\"1,2", ','));
        // every quote on the line closes: the open one began later
        assertEquals(0, CsvReader.unclosedField("\"1\",2", ','));
        assertEquals(0, CsvReader.unclosedField(null, ','));
    }

    @Test
    void anUnclosedQuoteInAFileWithCarriageReturnLineEndsIsPlacedToo(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path f = dir.resolve("q.csv");
        java.nio.file.Files.writeString(f, "x,y\r1,2\r3,\"4\r");
        DataException e = org.junit.jupiter.api.Assertions.assertThrows(DataException.class,
                () -> CsvReader.read(f, CsvOptions.defaults()));
        assertEquals(f + ":3:2: malformed CSV: a quoted field is never closed (the file ends inside it)", e.getMessage());
    }

    @Test
    void bomCrlfQuotesAndBlankLines() throws Exception {
        Dataset d = read("\uFEFF\"x 1\",x2,\"y\"\r\n\"1.5\",2,3\r\n\r\n-4e1, 5 ,+6\r\n", CsvOptions.defaults());
        assertEquals(List.of("x 1", "x2"), d.featureNames());
        assertEquals("y", d.targetName());
        assertEquals(2, d.rows());
        assertArrayEquals(new double[] {1.5, 2, -40, 5}, d.xArray());
        assertArrayEquals(new double[] {3, 6}, d.yArray());
    }

    @Test
    void aTargetErrorAtADataRowIsPlacedAtItsLineAndField() throws Exception {
        // data rows: 0 on line 3 (after a BOM, a header and a blank line), 1 on lines 4-5 (a quoted
        // field holding a line end), 2 on line 7 (after a CRLF blank line); the target y is field 1
        CsvOptions o = new CsvOptions(true, "y", null, ';', false);
        Dataset d = read("\uFEFFy;x\n\n1;2\n\"0\";\"3\n\"\n\r\n9;4\n", o);
        Path f = dir.resolve("t.csv");
        String where = f + ":7:1: the target is 9";
        assertEquals(where, CsvReader.located(f, o, DataException.atRow(d, 2, "the target is 9")).getMessage());
        assertEquals(f + ":4:1: x", CsvReader.located(f, o, DataException.atRow(d, 1, "x")).getMessage());
        // without a header, the target (the last column by default) of data row 0 is on line 1
        Files.writeString(f, "1,2,3\n4,5,6\n");
        Dataset n = CsvReader.read(f, new CsvOptions(false, null, null, ',', false));
        assertEquals(f + ":2:3: x", CsvReader.located(f, new CsvOptions(false, null, null, ',', false),
                DataException.atRow(n, 1, "x")).getMessage());
        // an error about no row, and a row the file no longer has, are left as they were
        DataException other = new DataException("--target: no column 'z'");
        assertEquals(other, CsvReader.located(f, o, other));
        DataException gone = DataException.atRow(n, 5, "x");
        assertEquals(f + ": data row 6: x", CsvReader.located(f, new CsvOptions(false, null, null, ',', false), gone)
                .getMessage());
    }

    @Test
    void aBadCellAfterBlankLinesIsPlacedAtItsOwnLine() throws Exception {
        for (String blank : new String[] {"\n", "\r\n", "\n\r\n\n"}) {
            String text = "x,y\n1,0" + blank + blank + "2,z\n";
            int line = 2 + (int) (blank + blank).chars().filter(c -> c == '\n').count();
            DataException e = assertThrows(DataException.class, () -> read(text, CsvOptions.defaults()));
            assertEquals(dir.resolve("t.csv") + ":" + line + ":2: 'z' is not a number (column y)", e.getMessage(),
                    text);
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(30) // read twice, the pipe waited for ever for a second writer
    void aNamedPipeIsReadOnceAndAnErrorInItIsPlaced() throws Exception {
        Path fifo = dir.resolve("p.csv");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is not available");
        Thread writer = new Thread(() -> {
            try {
                Files.writeString(fifo, "x,y\n1,0\n\n2,7\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        Dataset d = CsvReader.read(fifo, CsvOptions.defaults());
        writer.join();
        assertArrayEquals(new double[] {0, 7}, d.yArray());
        // the pipe cannot be read again: the bytes kept from the read place the error
        DataException e = CsvReader.located(fifo, CsvOptions.defaults(), DataException.atRow(d, 1, "found 7"));
        assertEquals(fifo + ":4:2: found 7", e.getMessage());
    }

    @Test
    void targetAndFeatureSelectionKeepsTheGivenOrder() throws Exception {
        Dataset d = read("a,b,c,d\n1,2,3,4\n", new CsvOptions(true, "b", List.of("d", "a"), ',', false));
        assertEquals(List.of("d", "a"), d.featureNames());
        assertArrayEquals(new double[] {4, 1}, d.xArray());
        assertArrayEquals(new double[] {2}, d.yArray());
    }

    @Test
    void noHeaderNamesColumns() throws Exception {
        Dataset d = read("1;2;3\n4;5;6\n", new CsvOptions(false, null, null, ';', false));
        assertEquals(List.of("c1", "c2"), d.featureNames());
        assertEquals("c3", d.targetName());
        assertEquals(2, d.rows());
    }

    @Test
    void sha256OfTheBytes() throws Exception {
        // sha256("x,y\n1,2\n") computed with sha256sum
        Dataset d = read("x,y\n1,2\n", CsvOptions.defaults());
        assertEquals("81bf9fa83c6f7f151bd491a98cd7d933de3965289e3ebd77c6c425f7eaa16392", d.sha256());
    }

    @Test
    void aFileOfManyChunksReadsAsTheCommonsCsvPathReadsItOnAnyNumberOfThreads() throws Exception {
        // about 6 MB: three chunks or more, each read from the file on its own; a blank line, CRLF
        // lines and a last line without its line end cross the chunk edges somewhere
        Path f = dir.resolve("big.csv");
        try (var out = Files.newOutputStream(f)) {
            Generator.of(16, 11, 0.1, Generator.Model.LINEAR).write(40_000, out);
            out.write("\r\n1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17\r\n-1,-2,-3,-4,-5,-6,-7,-8,-9,-10,-11,-12,-13,-14,-15,-16,-17"
                    .getBytes(StandardCharsets.US_ASCII));
        }
        assertTrue(Files.size(f) > 5_000_000, "big enough for several chunks: " + Files.size(f));
        Dataset slow = CsvReader.readSlowly(f, CsvOptions.defaults());
        try (var ch = java.nio.channels.FileChannel.open(f)) {
            assertNotNull(FastCsvParser.parse(FastCsvParser.Source.of(ch, Files.size(f)), CsvOptions.defaults(), 3, null),
                    "the fast path reads it");
        }
        for (int threads = 1; threads <= 3; threads++) {
            Dataset fast = CsvReader.read(f, CsvOptions.defaults(), threads);
            assertEquals(40_002, fast.rows());
            assertArrayEquals(slow.xArray(), fast.xArray(), "threads " + threads);
            assertArrayEquals(slow.yArray(), fast.yArray(), "threads " + threads);
            // the digest is taken later from the file; it is still the SHA-256 of its bytes
            assertEquals(CsvReader.sha256(Files.readAllBytes(f)), fast.sha256());
        }
    }

    @Test
    void aFileChangedBeforeItsDigestIsTakenIsAnErrorNotAWrongDigest() throws Exception {
        Path f = dir.resolve("t.csv");
        Files.write(f, "x,y\n1,2\n".getBytes(StandardCharsets.US_ASCII));
        Dataset d = CsvReader.read(f, CsvOptions.defaults());
        Files.write(f, "x,y\n1,2\n3,4\n".getBytes(StandardCharsets.US_ASCII));
        DataException e = assertThrows(DataException.class, d::sha256);
        assertEquals(f + ": the file changed while lrsweep was using it", e.getMessage());
    }

    @Test
    void parsesLikeDoubleParseDouble() throws Exception {
        String[] cells = {"0.1", "1e-300", "123456789012345678901234567890", "-0", ".5", "5.", "2.2250738585072014E-308"};
        StringBuilder sb = new StringBuilder("x,y\n");
        for (String c : cells) sb.append(c).append(",0\n");
        Dataset d = read(sb.toString(), CsvOptions.defaults());
        for (int i = 0; i < cells.length; i++) assertEquals(Double.parseDouble(cells[i]), d.x(i, 0));
    }
}
