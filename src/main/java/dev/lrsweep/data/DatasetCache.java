package dev.lrsweep.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * A binary copy of a parsed CSV kept beside it ({@code .NAME.lrsweep-cache} next to {@code NAME}), so
 * that a re-run reads the doubles back instead of parsing the text.
 *
 * <p>When a cache is used: its format version matches; the CSV's size and modification time are
 * those it was built from; a SHA-256 of sixteen 64 KiB blocks sampled evenly through the CSV (the
 * whole file when it is 1 MiB or less) matches; the whole CSV's CRC32C matches; and the
 * {@link CsvOptions} are the same. The
 * header and the data each carry a CRC32C, and the file length must be exact, so a truncated or
 * damaged cache is never read. Anything else — no cache, a stale one, a corrupt one — reads the CSV
 * the usual way and writes a fresh cache atomically (temporary file, then rename); a cache that
 * cannot be written only costs the speed-up.
 *
 * <p>A hit reports the SHA-256 recorded when the cache was built, without hashing the CSV again:
 * a fresh JVM takes ~0.2 s to SHA-256 the 78 MB of workload W2 (most of it before the JIT has
 * compiled the hash onto its intrinsic), as long as reading the copy back; the CRC32C, an
 * intrinsic from the first call, takes ~20 ms. An edit that keeps the size, the modification
 * time and the sampled blocks is caught by the CRC32C, which an accidental change passes with
 * odds of about one in four billion (a change made to collide with it would pass: the cache
 * guards against mistakes, not attacks).
 */
public final class DatasetCache {
    /** What happened to the cache on a load. */
    public enum Status {
        /** The cache was not asked for: the CSV was read as usual. */
        OFF,
        /** The dataset came from a valid cache; the CSV was not parsed. */
        HIT,
        /** There was no cache: the CSV was read and a cache written (unless {@code note} says not). */
        MISS,
        /** The cache was stale or damaged: the CSV was read and the cache rewritten (unless {@code note} says not). */
        REBUILT
    }

    /**
     * The outcome of a load.
     *
     * @param dataset   the data, identical to what {@link CsvReader#read} gives
     * @param status    what happened to the cache
     * @param cacheFile the cache file's path
     * @param note      a one-line human note (why a cache was rebuilt, or why none could be
     *                  written), or null when there is nothing to say
     */
    public record Result(Dataset dataset, Status status, Path cacheFile, String note) {
    }

    /** Changes with the layout below or with how CSV is read into a dataset. */
    static final int FORMAT_VERSION = 2;
    private static final byte[] MAGIC = {(byte) 0x89, 'L', 'R', 'S', 'C', '\r', '\n', 0x1A};
    private static final String SUFFIX = ".lrsweep-cache";
    private static final int BLOCK = 64 << 10;
    private static final int SAMPLES = 16;
    private static final int IO_CHUNK = 1 << 20;
    private static final int MAX_HEADER = 64 << 20;

    private DatasetCache() {
    }

    /** The cache file that belongs to {@code csv}: {@code .NAME.lrsweep-cache} in the same directory. */
    public static Path cacheFile(Path csv) {
        Path abs = csv.toAbsolutePath();
        // beside the file itself, not beside a link to it (/dev/stdin -> /proc/self/fd/0 -> d.csv)
        try {
            abs = abs.toRealPath();
        } catch (IOException | RuntimeException e) {
            // not there (yet): the path as given
        }
        return abs.resolveSibling("." + abs.getFileName() + SUFFIX);
    }

    /**
     * Reads {@code csv} as {@link CsvReader#read} does, through the cache when {@code useCache}.
     *
     * @throws DataException as {@link CsvReader#read}; a problem with the cache itself never throws
     */
    public static Result load(Path csv, CsvOptions options, boolean useCache) {
        return load(csv, options, useCache, CsvReader.defaultThreads());
    }

    /**
     * As {@link #load(Path, CsvOptions, boolean)}, parsing on up to {@code threads} threads.
     *
     * @throws DataException as {@link CsvReader#read}; a problem with the cache itself never throws
     */
    public static Result load(Path csv, CsvOptions options, boolean useCache, int threads) {
        Path cache = cacheFile(csv);
        if (!useCache) return new Result(CsvReader.read(csv, options, threads), Status.OFF, cache, null);
        Stamp before = Stamp.of(csv);
        // a missing or unreadable CSV gets CsvReader's own message
        if (before == null) {
            return new Result(CsvReader.read(csv, options, threads), Status.MISS, cache,
                    "not a regular file; not cached");
        }
        Status status = Status.MISS;
        String why = null;
        if (Files.exists(cache) && !Files.isRegularFile(cache)) {
            // a directory or a pipe where the cache goes (reading a pipe would wait for a writer)
            return new Result(CsvReader.read(csv, options, threads), Status.MISS, cache,
                    cache + " is not a regular file; not cached");
        }
        if (Files.exists(cache)) {
            try {
                return new Result(readCache(cache, csv, csv.toString(), options, before), Status.HIT, cache, null);
            } catch (Stale e) {
                status = Status.REBUILT;
                why = e.getMessage();
            } catch (IOException | RuntimeException e) {
                status = Status.REBUILT;
                why = "unreadable (" + oneLine(e) + ")";
            }
        }
        Dataset d = CsvReader.read(csv, options, threads);
        String note = why == null ? null : cache + " " + why + "; rebuilt";
        int crc;
        try {
            crc = wholeCrc(csv);
        } catch (IOException e) {
            return new Result(d, status, cache, "cannot read the CSV again to check it (" + oneLine(e) + "); not cached");
        }
        if (!before.equals(Stamp.of(csv))) {
            return new Result(d, status, cache, "the CSV changed while it was read; not cached");
        }
        try {
            AtomicOutput.write(cache, out -> writeCache(out, before, crc, options, d));
        } catch (IOException | RuntimeException e) {
            // why the copy there was not used, when it was not, and why no new one was written
            return new Result(d, status, cache, (why == null ? "" : cache + " " + why + "; ")
                    + "cannot write cache " + cache + ": " + oneLine(e));
        }
        return new Result(d, status, cache, note);
    }

    /** What went wrong, in words: the messages of these exceptions are often just a path. */
    private static String oneLine(Exception e) {
        String m;
        if (e instanceof AccessDeniedException) {
            m = "permission denied";
        } else if (e instanceof NoSuchFileException) {
            m = "no such file or directory";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            m = f.getReason();
        } else {
            m = e.getMessage();
        }
        return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ").strip();
    }

    /** The cache does not match the CSV or the options; the message says how. */
    private static final class Stale extends Exception {
        private static final long serialVersionUID = 1L;

        Stale(String message) {
            super(message, null, false, false);
        }
    }

    /** What identifies the CSV's content cheaply: size, modification time, sampled digest. */
    private record Stamp(long size, long mtimeNanos, byte[] sample) {
        /** The CSV's stamp, or null when it cannot be read (CsvReader then says why). */
        static Stamp of(Path csv) {
            try {
                BasicFileAttributes a = Files.readAttributes(csv, BasicFileAttributes.class);
                if (!a.isRegularFile()) return null;
                long mtime = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
                return new Stamp(a.size(), mtime, sample(csv, a.size()));
            } catch (IOException e) {
                return null;
            }
        }

        private static byte[] sample(Path csv, long size) throws IOException {
            MessageDigest md = ContentDigest.newSha256();
            ByteBuffer buf = ByteBuffer.allocate(BLOCK);
            try (FileChannel ch = FileChannel.open(csv, StandardOpenOption.READ)) {
                if (size <= (long) SAMPLES * BLOCK) {
                    readFully(ch, 0, size, buf, md);
                } else {
                    for (int i = 0; i < SAMPLES; i++) readFully(ch, (size - BLOCK) * i / (SAMPLES - 1), BLOCK, buf, md);
                }
            }
            return md.digest();
        }

        private static void readFully(FileChannel ch, long at, long length, ByteBuffer buf, MessageDigest md)
                throws IOException {
            long end = at + length;
            while (at < end) {
                buf.clear().limit((int) Math.min(buf.capacity(), end - at));
                int n = ch.read(buf, at);
                if (n < 0) throw new IOException("the file got shorter");
                md.update(buf.array(), 0, n);
                at += n;
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Stamp s && size == s.size && mtimeNanos == s.mtimeNanos && Arrays.equals(sample, s.sample);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(size) * 31 + Arrays.hashCode(sample);
        }
    }

    // ---- layout ---------------------------------------------------------------------------------
    // magic (8) | version (int) | header length H (int) | header (H bytes) | CRC32C of header (int)
    // | x: rows·features doubles | y: rows doubles | CRC32C of the doubles' bytes (int); little-endian.
    // header: CSV size, mtime (ns), 32-byte sample digest, CSV CRC32C (int), CSV SHA-256 (text), the options (header
    // flag, target, features, delimiter, labels flag), rows, features, feature names, target name,
    // class labels. Strings are UTF-8 with an int length, -1 for null.

    private static void writeCache(OutputStream out, Stamp stamp, int csvCrc, CsvOptions o, Dataset d) throws IOException {
        Encoder h = new Encoder();
        h.putLong(stamp.size);
        h.putLong(stamp.mtimeNanos);
        h.putBytes(stamp.sample);
        h.putInt(csvCrc);
        h.putString(d.sha256());
        h.putBoolean(o.header());
        h.putString(o.target());
        h.putStrings(o.features());
        h.putInt(o.delimiter());
        h.putBoolean(o.labels());
        h.putInt(d.rows());
        h.putInt(d.features());
        h.putStrings(d.featureNames());
        h.putString(d.targetName());
        h.putStrings(d.classLabels());
        byte[] header = h.bytes();
        ByteBuffer start = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        start.put(MAGIC).putInt(FORMAT_VERSION).putInt(header.length);
        out.write(start.array());
        out.write(header);
        out.write(intBytes(crc(header, 0, header.length)));
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(IO_CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (double[] a : new double[][] {d.xArray(), d.yArray()}) {
            for (int off = 0; off < a.length; ) {
                int n = Math.min(a.length - off, IO_CHUNK / 8);
                buf.clear();
                buf.asDoubleBuffer().put(a, off, n);
                crc.update(buf.array(), 0, 8 * n);
                out.write(buf.array(), 0, 8 * n);
                off += n;
            }
        }
        out.write(intBytes((int) crc.getValue()));
    }

    private static Dataset readCache(Path cache, Path csv, String source, CsvOptions o, Stamp stamp)
            throws IOException, Stale {
        try (FileChannel ch = FileChannel.open(cache, StandardOpenOption.READ)) {
            long length = ch.size();
            ByteBuffer start = read(ch, 0, 16);
            byte[] magic = new byte[8];
            start.get(magic);
            if (!Arrays.equals(magic, MAGIC)) throw new Stale("is not an lrsweep cache");
            int version = start.getInt();
            if (version != FORMAT_VERSION) throw new Stale("has format " + version + ", not " + FORMAT_VERSION);
            int headerLength = start.getInt();
            if (headerLength < 0 || headerLength > MAX_HEADER || 16L + headerLength + 8 > length) {
                throw new Stale("is damaged (bad header length)");
            }
            ByteBuffer header = read(ch, 16, headerLength + 4);
            if (crc(header.array(), 0, headerLength) != header.getInt(headerLength)) {
                throw new Stale("is damaged (header checksum)");
            }
            header.limit(headerLength);
            Decoder h = new Decoder(header);
            long size = h.getLong();
            long mtime = h.getLong();
            byte[] sample = h.getBytes(32);
            if (size != stamp.size || mtime != stamp.mtimeNanos || !Arrays.equals(sample, stamp.sample)) {
                throw new Stale("is stale (the CSV changed)");
            }
            if (h.getInt() != wholeCrc(csv)) {
                throw new Stale("is stale (the CSV changed, keeping its size, time and sampled blocks)");
            }
            String sha256 = h.getString();
            CsvOptions built = new CsvOptions(h.getBoolean(), h.getString(), h.getStrings(), (char) h.getInt(),
                    h.getBoolean());
            if (!built.equals(o)) throw new Stale("was built with other column options");
            int rows = h.getInt();
            int features = h.getInt();
            List<String> featureNames = h.getStrings();
            String targetName = h.getString();
            List<String> classLabels = h.getStrings();
            long cells = (long) rows * features;
            if (rows < 0 || features < 0 || cells > Integer.MAX_VALUE - 8 || featureNames == null
                    || featureNames.size() != features || classLabels == null || h.remaining() != 0) {
                throw new Stale("is damaged (bad header)");
            }
            long payloadAt = 16L + headerLength + 4;
            if (length != payloadAt + 8 * (cells + rows) + 4) throw new Stale("is damaged (wrong length)");
            double[] x = new double[(int) cells];
            double[] y = new double[rows];
            CRC32C crc = new CRC32C();
            long at = payloadAt;
            ByteBuffer buf = ByteBuffer.allocate(IO_CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (double[] a : new double[][] {x, y}) {
                for (int off = 0; off < a.length; ) {
                    int n = Math.min(a.length - off, IO_CHUNK / 8);
                    buf.clear().limit(8 * n);
                    readInto(ch, at, buf);
                    crc.update(buf.array(), 0, 8 * n);
                    buf.flip();
                    buf.asDoubleBuffer().get(a, off, n);
                    off += n;
                    at += 8L * n;
                }
            }
            if ((int) crc.getValue() != read(ch, at, 4).getInt()) throw new Stale("is damaged (data checksum)");
            return new Dataset(x, y, featureNames, targetName, source, sha256, classLabels);
        }
    }

    /**
     * The CRC32C of the whole CSV: taken only where the cheap checks have passed (a copy about to be
     * used) or a copy is about to be written, so a stale copy costs no full read.
     */
    private static int wholeCrc(Path csv) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocateDirect(IO_CHUNK);
        try (FileChannel ch = FileChannel.open(csv, StandardOpenOption.READ)) {
            while (ch.read(buf.clear()) > 0) crc.update(buf.flip());
        }
        return (int) crc.getValue();
    }

    private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        readInto(ch, at, b);
        b.flip();
        return b;
    }

    private static void readInto(FileChannel ch, long at, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            int k = ch.read(b, at);
            if (k < 0) throw new IOException("unexpected end of file");
            at += k;
        }
    }

    private static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    private static byte[] intBytes(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    /** Header fields into bytes. */
    private static final class Encoder {
        private ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);

        private void room(int n) {
            if (b.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(2 * b.capacity(), b.position() + n))
                        .order(ByteOrder.LITTLE_ENDIAN);
                b.flip();
                bigger.put(b);
                b = bigger;
            }
        }

        void putLong(long v) {
            room(8);
            b.putLong(v);
        }

        void putInt(int v) {
            room(4);
            b.putInt(v);
        }

        void putBoolean(boolean v) {
            room(1);
            b.put((byte) (v ? 1 : 0));
        }

        void putBytes(byte[] v) {
            room(v.length);
            b.put(v);
        }

        void putString(String s) {
            if (s == null) {
                putInt(-1);
                return;
            }
            byte[] u = s.getBytes(StandardCharsets.UTF_8);
            putInt(u.length);
            putBytes(u);
        }

        void putStrings(List<String> list) {
            if (list == null) {
                putInt(-1);
                return;
            }
            putInt(list.size());
            for (String s : list) putString(s);
        }

        byte[] bytes() {
            return Arrays.copyOf(b.array(), b.position());
        }
    }

    /** Header fields from bytes; any inconsistency is a damaged cache. */
    private static final class Decoder {
        private final ByteBuffer b;

        Decoder(ByteBuffer b) {
            this.b = b;
        }

        private void need(int n) throws Stale {
            if (n < 0 || b.remaining() < n) throw new Stale("is damaged (short header)");
        }

        long getLong() throws Stale {
            need(8);
            return b.getLong();
        }

        int getInt() throws Stale {
            need(4);
            return b.getInt();
        }

        boolean getBoolean() throws Stale {
            need(1);
            byte v = b.get();
            if (v != 0 && v != 1) throw new Stale("is damaged (bad flag)");
            return v == 1;
        }

        byte[] getBytes(int n) throws Stale {
            need(n);
            byte[] v = new byte[n];
            b.get(v);
            return v;
        }

        String getString() throws Stale {
            int n = getInt();
            if (n == -1) return null;
            return new String(getBytes(n), StandardCharsets.UTF_8);
        }

        List<String> getStrings() throws Stale {
            int n = getInt();
            if (n == -1) return null;
            if (n < 0 || n > b.remaining() / 4) throw new Stale("is damaged (bad list length)");
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String s = getString();
                if (s == null) throw new Stale("is damaged (null name)");
                out.add(s);
            }
            return out;
        }

        int remaining() {
            return b.remaining();
        }
    }
}
