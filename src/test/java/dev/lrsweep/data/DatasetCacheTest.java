package dev.lrsweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.data.DatasetCache.Result;
import dev.lrsweep.data.DatasetCache.Status;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetCacheTest {
    @TempDir
    Path dir;

    private Path csv;
    private Path cache;
    private static final CsvOptions O = CsvOptions.defaults();
    private static final FileTime T0 = FileTime.fromMillis(1_700_000_000_000L);

    @BeforeEach
    void writeCsv() throws Exception {
        csv = dir.resolve("d.csv");
        // large enough that the doubles span several 1 MiB I/O chunks and the CSV is sampled in blocks
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Generator.of(3, 5, 0.2, Generator.Model.LINEAR).write(40_000, out);
        Files.write(csv, out.toByteArray());
        Files.setLastModifiedTime(csv, T0);
        cache = DatasetCache.cacheFile(csv);
    }

    private static void assertSame(Dataset want, Dataset got) {
        assertEquals(want.featureNames(), got.featureNames());
        assertEquals(want.targetName(), got.targetName());
        assertEquals(want.source(), got.source());
        assertEquals(want.sha256(), got.sha256());
        assertEquals(want.classLabels(), got.classLabels());
        assertArrayEquals(want.xArray(), got.xArray());
        assertArrayEquals(want.yArray(), got.yArray());
    }

    private Result load(CsvOptions o) {
        return DatasetCache.load(csv, o, true);
    }

    @Test
    void cacheFileSitsBesideTheCsv() {
        assertEquals(dir.resolve(".d.csv.lrsweep-cache").toAbsolutePath(), cache);
    }

    @Test
    void missWritesTheCacheAndAHitReturnsTheSameDataset() throws Exception {
        Result first = load(O);
        assertEquals(Status.MISS, first.status());
        assertNull(first.note());
        assertTrue(Files.isRegularFile(cache));
        assertSame(CsvReader.read(csv, O), first.dataset());
        Result second = load(O);
        assertEquals(Status.HIT, second.status());
        assertNull(second.note());
        assertSame(CsvReader.read(csv, O), second.dataset());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "the CSV and its cache, no temporary files");
        }
    }

    @Test
    void offReadsTheCsvAndWritesNothing() {
        Result r = DatasetCache.load(csv, O, false);
        assertEquals(Status.OFF, r.status());
        assertFalse(Files.exists(cache));
        assertEquals(40_000, r.dataset().rows());
    }

    @Test
    void aNewerCsvRebuilds() throws Exception {
        load(O);
        Files.setLastModifiedTime(csv, FileTime.fromMillis(T0.toMillis() + 1000));
        Result r = load(O);
        assertEquals(Status.REBUILT, r.status());
        assertTrue(r.note().contains("stale"), r.note());
        assertEquals(Status.HIT, load(O).status());
    }

    @Test
    void aCsvOfAnotherSizeRebuilds() throws Exception {
        load(O);
        Files.writeString(csv, "x1,x2,x3,y\n1,2,3,4\n");
        Files.setLastModifiedTime(csv, T0);
        Result r = load(O);
        assertEquals(Status.REBUILT, r.status());
        assertEquals(1, r.dataset().rows());
        assertArrayEquals(new double[] {4}, r.dataset().yArray());
    }

    @Test
    void anEditKeepingSizeAndTimeIsCaughtByTheSampledDigest() throws Exception {
        load(O);
        byte[] b = Files.readAllBytes(csv);
        // the first sampled block starts at byte 0: change a digit of the first data row
        int at = Files.readAllLines(csv).get(0).length() + 2;
        b[at] = (byte) (b[at] == '1' ? '2' : '1');
        Files.write(csv, b);
        Files.setLastModifiedTime(csv, T0);
        Result r = load(O);
        assertEquals(Status.REBUILT, r.status());
        assertSame(CsvReader.read(csv, O), r.dataset());
    }

    @Test
    void anEditBetweenTheSampledBlocksIsCaughtByTheWholeHash() throws Exception {
        Result first = load(O);
        byte[] b = Files.readAllBytes(csv);
        long size = b.length;
        // the sixteen 64 KiB blocks start at (size - 64 KiB) * i / 15: the middle of the gap after
        // the first one is in none of them
        long block = 64 << 10;
        assertTrue(size > 16 * block, "the file must be sampled, not hashed whole: " + size);
        int at = (int) (block + ((size - block) / 15 - block) / 2);
        for (int i = 0; i < 16; i++) {
            long start = (size - block) * i / 15;
            assertTrue(at < start || at >= start + block, "byte " + at + " is in block " + i);
        }
        // a digit there, swapped for another digit: same size, and the time set back
        while (b[at] < '0' || b[at] > '9') at++;
        b[at] = (byte) (b[at] == '1' ? '2' : '1');
        Files.write(csv, b);
        Files.setLastModifiedTime(csv, T0);
        Result r = load(O);
        assertEquals(Status.REBUILT, r.status());
        assertTrue(r.note().contains("is stale (the CSV changed, keeping its size, time and sampled blocks)"), r.note());
        Dataset fresh = CsvReader.read(csv, O);
        assertSame(fresh, r.dataset());
        org.junit.jupiter.api.Assertions.assertNotEquals(first.dataset().sha256(), r.dataset().sha256());
        // and the rebuilt copy is a hit from then on
        Result again = load(O);
        assertEquals(Status.HIT, again.status());
        assertSame(fresh, again.dataset());
    }

    @Test
    void otherOptionsRebuild() {
        load(O);
        List<CsvOptions> others = List.of(
                new CsvOptions(true, "x1", null, ',', false),
                new CsvOptions(true, "y", List.of("x2"), ',', false),
                new CsvOptions(true, "y", List.of("x2", "x1"), ',', false),
                new CsvOptions(true, null, null, ',', false));
        for (CsvOptions o : others) {
            Result r = load(o);
            assertEquals(Status.REBUILT, r.status(), o.toString());
            assertTrue(r.note().contains("other column options"), r.note());
            assertSame(CsvReader.read(csv, o), r.dataset());
            assertEquals(Status.HIT, load(o).status(), o.toString());
        }
        // options that make the CSV unusable give CsvReader's error and leave the cache alone
        CsvOptions semicolon = new CsvOptions(true, null, null, ';', false);
        DataException want = assertThrows(DataException.class, () -> CsvReader.read(csv, semicolon));
        assertEquals(want.getMessage(), assertThrows(DataException.class, () -> load(semicolon)).getMessage());
        assertEquals(Status.HIT, load(others.get(others.size() - 1)).status());
    }

    @Test
    void classLabelsSurviveTheCacheAndTheLabelsFlagIsAnOption() throws Exception {
        Files.writeString(csv, "a,b,kind\n1,2,1\n3,4,0\n5,6,1\n");
        CsvOptions labels = O.withLabels(true);
        assertEquals(Status.MISS, load(labels).status());
        Result hit = load(labels);
        assertEquals(Status.HIT, hit.status());
        assertEquals(List.of("0", "1"), hit.dataset().classLabels());
        assertSame(CsvReader.read(csv, labels), hit.dataset());
        Result numeric = load(O);
        assertEquals(Status.REBUILT, numeric.status());
        assertEquals(List.of(), numeric.dataset().classLabels());
        assertSame(CsvReader.read(csv, O), numeric.dataset());
    }

    /** Damage at a few places: magic, version, header, data, checksum; and truncation. */
    @ParameterizedTest(name = "flip byte {0}")
    @ValueSource(ints = {0, 7, 9, 13, 40, 120, -5, -1, -600_000, -1_200_000})
    void aDamagedCacheIsRebuilt(int where) throws Exception {
        load(O);
        byte[] b = Files.readAllBytes(cache);
        int at = where >= 0 ? where : b.length + where;
        b[at] ^= 0x10;
        Files.write(cache, b);
        Result r = load(O);
        assertEquals(Status.REBUILT, r.status());
        assertNotNull(r.note());
        assertSame(CsvReader.read(csv, O), r.dataset());
        assertEquals(Status.HIT, load(O).status());
    }

    @ParameterizedTest(name = "keep {0} bytes")
    @ValueSource(ints = {0, 5, 16, 100, 1_000_000})
    void aTruncatedCacheIsRebuilt(int keep) throws Exception {
        load(O);
        byte[] b = Files.readAllBytes(cache);
        Files.write(cache, Arrays.copyOf(b, Math.min(keep, b.length - 1)));
        Result r = load(O);
        assertEquals(Status.REBUILT, r.status());
        assertTrue(r.note().contains("rebuilt"), r.note());
        assertSame(CsvReader.read(csv, O), r.dataset());
    }

    @Test
    void aLongerCacheIsRebuilt() throws Exception {
        load(O);
        Files.write(cache, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertEquals(Status.REBUILT, load(O).status());
    }

    @Test
    void aCacheThatCannotBeWrittenOnlyCostsTheSpeedUp() throws Exception {
        // a directory where the cache file should be: it can be neither read nor replaced
        Files.createDirectory(cache);
        Files.writeString(cache.resolve("keep"), "x");
        Result r = load(O);
        assertEquals(Status.MISS, r.status());
        assertTrue(r.note().endsWith("is not a regular file; not cached"), r.note());
        assertSame(CsvReader.read(csv, O), r.dataset());
    }

    @Test
    void csvErrorsAreCsvReadersErrors() {
        Path missing = dir.resolve("nope.csv");
        DataException e = assertThrows(DataException.class, () -> DatasetCache.load(missing, O, true));
        assertEquals(missing + ": no such file", e.getMessage());
        DataException d = assertThrows(DataException.class, () -> DatasetCache.load(dir, O, true));
        assertTrue(d.getMessage().endsWith("is a directory, not a CSV file"), d.getMessage());
        assertFalse(Files.exists(DatasetCache.cacheFile(missing)));
    }
}
