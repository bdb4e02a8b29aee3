package dev.lrsweep.data;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fast path of {@link CsvReader}: plain numeric CSV bytes straight into one contiguous
 * {@code double[]}, on several threads split at line boundaries.
 *
 * <p>It accepts only what it can read exactly as the Commons CSV path would: ASCII data lines with
 * no quote character, LF or CRLF line ends, blank lines, a UTF-8 BOM, a UTF-8 header without quotes,
 * and cells matching {@code [+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?} with spaces (and tabs, unless the
 * delimiter is a tab) around them. On anything else — a quote, a lone CR, a non-ASCII byte, a ragged
 * row, an empty or non-numeric cell, NaN, hex, a value out of range, an unusable header — it returns
 * null, and the caller reads the file again on the Commons CSV path, which gives the error message.
 * So correctness never depends on this class: it either returns what the slow path returns or
 * nothing.
 *
 * <p>Numbers: digits go into a long mantissa {@code m} with a decimal exponent {@code e}; when
 * {@code m ≤ 2^53} and {@code |e| ≤ 22} both {@code m} and {@code 10^|e|} are exact doubles, so one
 * multiplication or division rounds the exact decimal value once (Clinger's fast path) and equals
 * {@link Double#parseDouble}. Any other number is handed to {@link Double#parseDouble} itself. The
 * common shape — up to 7 integer and 7 fraction digits, no exponent, no blanks, as {@code %.6g}
 * prints most values — is read eight bytes at a time with no branch on the digit count; the rest
 * a byte at a time.
 *
 * <p>Reading: the file is never held whole. The data lines are cut into chunks of about 2 MiB at
 * line starts; each thread reads a chunk at a time into its own buffer with positional reads. First
 * every chunk's rows are counted (eight bytes at a time), then the arrays are allocated at their
 * exact size, then each chunk is read again and parsed into the rows it owns. So the memory a load
 * takes is the arrays plus a few MiB, and the text stays in the page cache. The SHA-256 of the file
 * is not taken here (see {@link ContentDigest}).
 */
final class FastCsvParser {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long RETURNS = 0x0D0D0D0D0D0D0D0DL;
    private static final long TWO_POW_53 = 1L << 53;
    private static final long[] POW10_LONG = {1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };
    /** Below this many data bytes one thread is faster than starting others. */
    private static final int MIN_PARALLEL_BYTES = 1 << 20;
    /**
     * Target chunk size: small enough to balance threads and stay in cache, large enough to be cheap
     * to hand out. Each thread holds one chunk's bytes, garbage once the file is read (2 MiB chunks
     * parsed no faster on the W4 file, and left 4 MiB more on the heap).
     */
    private static final int CHUNK_BYTES = 512 << 10;
    /** A chunk (a line, when lines are long) larger than this is left to the Commons CSV path. */
    private static final int MAX_CHUNK_BYTES = 1 << 28;
    /** How much is read at a time while looking for a line end. */
    private static final int PROBE_BYTES = 64 << 10;

    /** Column roles: a feature index ≥ 0, or one of these. */
    private static final int TARGET = -1;
    private static final int SKIP = -2;

    private FastCsvParser() {
    }

    /** Where the bytes come from: a file through positional reads, or bytes in memory. */
    interface Source {
        /** Total bytes. */
        long size();

        /** Reads up to {@code len} bytes at {@code pos} into {@code dst}; returns how many (0 only at the end). */
        int read(long pos, byte[] dst, int off, int len) throws IOException;

        /** Reads exactly {@code len} bytes at {@code pos}. */
        default void readFully(long pos, byte[] dst, int off, int len) throws IOException {
            while (len > 0) {
                int n = read(pos, dst, off, len);
                if (n <= 0) throw new IOException("the file got shorter while it was read");
                pos += n;
                off += n;
                len -= n;
            }
        }

        static Source of(byte[] bytes) {
            return new Source() {
                @Override
                public long size() {
                    return bytes.length;
                }

                @Override
                public int read(long pos, byte[] dst, int off, int len) {
                    int n = (int) Math.max(0, Math.min(len, bytes.length - pos));
                    System.arraycopy(bytes, (int) pos, dst, off, n);
                    return n;
                }
            };
        }

        static Source of(FileChannel channel, long size) {
            return new Source() {
                @Override
                public long size() {
                    return size;
                }

                @Override
                public int read(long pos, byte[] dst, int off, int len) throws IOException {
                    if (pos >= size) return 0;
                    int n = channel.read(ByteBuffer.wrap(dst, off, (int) Math.min(len, size - pos)), pos);
                    return Math.max(n, 0);
                }
            };
        }
    }

    /**
     * Reads {@code bytes} as CSV into a dataset, or returns null when the fast path does not handle
     * the file (the caller then uses the Commons CSV path). Labels mode is never handled here.
     *
     * @param bytes   the whole file
     * @param options how to read it
     * @param source  the name the dataset reports
     * @param threads how many threads may work, at least 1
     */
    static Dataset parse(byte[] bytes, CsvOptions options, String source, int threads) {
        return parse(bytes, options, source, threads, null);
    }

    /**
     * As {@link #parse(byte[], CsvOptions, String, int)}, with the chunk cuts given: each cut is a byte
     * offset moved forward to the next line start (tests use this to cut at every offset).
     *
     * @param cuts byte offsets at which to start new chunks, or null to choose them by size
     */
    static Dataset parse(byte[] bytes, CsvOptions options, String source, int threads, int[] cuts) {
        return parse(bytes, options, source, threads, cuts, true);
    }

    /**
     * As {@link #parse(byte[], CsvOptions, String, int, int[])}; without {@code hash} the dataset's
     * SHA-256 is null (benchmarks use this to time the parsing alone).
     */
    static Dataset parse(byte[] bytes, CsvOptions options, String source, int threads, int[] cuts, boolean hash) {
        long[] longCuts = null;
        if (cuts != null) {
            longCuts = new long[cuts.length];
            for (int k = 0; k < cuts.length; k++) longCuts[k] = cuts[k];
        }
        try {
            Parsed p = parse(Source.of(bytes), options, threads, longCuts);
            if (p == null) return null;
            return p.dataset(source, hash ? ContentDigest.ofBytes(bytes) : ContentDigest.of(null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a fast read yields before it becomes a dataset. */
    record Parsed(double[] x, double[] y, List<String> featureNames, String targetName) {
        Dataset dataset(String source, ContentDigest digest) {
            return Dataset.withDigest(x, y, featureNames, targetName, source, digest, List.of());
        }
    }

    /**
     * Reads {@code src} as CSV, or returns null when the fast path does not handle it.
     *
     * @param cuts byte offsets at which to start new chunks, or null to choose them by size
     * @throws IOException when the source cannot be read
     */
    static Parsed parse(Source src, CsvOptions options, int threads, long[] cuts) throws IOException {
        if (options.labels() || !usableDelimiter(options.delimiter())) return null;
        Layout layout = Layout.of(src, options);
        if (layout == null) return null;
        long[] starts = chunkStarts(src, layout.dataStart, threads, cuts);
        if (starts == null) return null;
        Job job = new Job(src, layout, (byte) options.delimiter(), starts);
        int workers = Math.min(threads, starts.length);
        job.runWith(src.size() < MIN_PARALLEL_BYTES && cuts == null ? 0 : workers - 1);
        if (job.failed()) return null;
        return new Parsed(job.x, job.y, layout.featureNames, layout.targetName);
    }

    /** Delimiters that cannot be mistaken for part of a number, a blank, a quote or a line end. */
    static boolean usableDelimiter(char d) {
        if (d == '\t') return true;
        return d > ' ' && d < 0x7F && !Character.isLetterOrDigit(d) && d != '.' && d != '+' && d != '-' && d != '"';
    }

    /**
     * Chunk start offsets, each at a line start, strictly increasing, the first at {@code from}; the
     * last chunk ends at the end of the source. Null when a chunk would be too large for one buffer.
     */
    private static long[] chunkStarts(Source src, long from, int threads, long[] cuts) throws IOException {
        long len = src.size();
        long[] raw;
        if (cuts != null) {
            raw = cuts;
        } else {
            long span = len - from;
            long n = span < MIN_PARALLEL_BYTES ? 1 : Math.max(threads, (span + CHUNK_BYTES - 1) / CHUNK_BYTES);
            raw = new long[(int) n - 1];
            for (int k = 1; k < n; k++) raw[k - 1] = from + span * k / n;
        }
        long[] starts = new long[raw.length + 1];
        int n = 0;
        starts[n++] = from;
        byte[] probe = new byte[PROBE_BYTES];
        for (long cut : raw) {
            if (cut <= starts[n - 1] || cut >= len) continue;
            // a chunk starts just after a '\n': look for the first one at or after cut - 1
            long p = nextLineStart(src, cut - 1, probe);
            if (p < len && p > starts[n - 1]) starts[n++] = p;
        }
        starts = Arrays.copyOf(starts, n);
        for (int k = 0; k < n; k++) {
            long end = k + 1 < n ? starts[k + 1] : len;
            if (end - starts[k] > MAX_CHUNK_BYTES) return null;
        }
        return starts;
    }

    /** The offset just after the first '\n' at or after {@code at}, or the size when there is none. */
    private static long nextLineStart(Source src, long at, byte[] probe) throws IOException {
        long len = src.size();
        // a line is short, as a rule: a small read first, larger ones while no line end turns up
        int step = Math.min(probe.length, 4 << 10);
        while (at < len) {
            int n = src.read(at, probe, 0, (int) Math.min(step, len - at));
            step = Math.min(probe.length, 2 * step);
            if (n <= 0) return len;
            for (int i = 0; i < n; i++) {
                if (probe[i] == '\n') return at + i + 1;
            }
            at += n;
        }
        return len;
    }

    /** Where the data lines start and what each column is for, from the file's first line. */
    private static final class Layout {
        final int dataStart;
        final int columns;
        final int[] role;
        final int features;
        final List<String> featureNames;
        final String targetName;

        private Layout(int dataStart, int columns, int[] role, List<String> featureNames, String targetName) {
            this.dataStart = dataStart;
            this.columns = columns;
            this.role = role;
            this.features = featureNames.size();
            this.featureNames = featureNames;
            this.targetName = targetName;
        }

        /** The layout, or null when the first line is anything but plain (or too long to be worth it). */
        static Layout of(Source src, CsvOptions options) throws IOException {
            // enough of the file's start to hold the blank lines and the first line
            long size = src.size();
            byte[] b = new byte[(int) Math.min(size, PROBE_BYTES)];
            int len = 0;
            while (true) {
                len += src.read(len, b, len, b.length - len);
                if (len == size || hasFirstLine(b, len)) break;
                if (len == b.length) {
                    if (b.length >= MAX_CHUNK_BYTES) return null;
                    b = Arrays.copyOf(b, (int) Math.min(size, 2L * b.length));
                }
            }
            return of(b, len, options);
        }

        /** Whether {@code b[0, len)} holds a '\n' after a non-blank byte. */
        private static boolean hasFirstLine(byte[] b, int len) {
            boolean text = false;
            for (int i = 0; i < len; i++) {
                byte c = b[i];
                if (c == '\n') {
                    if (text) return true;
                } else if (c != '\r') {
                    text = true;
                }
            }
            return false;
        }

        /** The layout from the file's first {@code len} bytes: all of it, or up to a first line end. */
        private static Layout of(byte[] b, int len, CsvOptions options) {
            int p = 0;
            if (len >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) p = 3;
            while (p < len) {
                if (b[p] == '\n') {
                    p++;
                } else if (b[p] == '\r' && p + 1 < len && b[p + 1] == '\n') {
                    p += 2;
                } else {
                    break;
                }
            }
            if (p >= len) return null;
            int lineStart = p;
            int nl = p;
            while (nl < len && b[nl] != '\n') nl++;
            int lineEnd = nl > lineStart && b[nl - 1] == '\r' ? nl - 1 : nl;
            char delim = options.delimiter();
            int fields = 1;
            for (int i = lineStart; i < lineEnd; i++) {
                if (b[i] == '"' || b[i] == '\r') return null;
                if (b[i] == delim) fields++;
            }
            List<String> header = new ArrayList<>(fields);
            int dataStart;
            if (options.header()) {
                String line;
                try {
                    line = StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(b, lineStart, lineEnd - lineStart)).toString();
                } catch (CharacterCodingException e) {
                    return null;
                }
                Set<String> seen = new HashSet<>();
                int from = 0;
                for (int f = 0; f < fields; f++) {
                    int to = line.indexOf(delim, from);
                    if (to < 0) to = line.length();
                    String name = line.substring(from, to).strip();
                    if (name.isEmpty() || !seen.add(name)) return null;
                    header.add(name);
                    from = to + 1;
                }
                dataStart = nl < len ? nl + 1 : len;
            } else {
                for (int j = 1; j <= fields; j++) header.add("c" + j);
                dataStart = lineStart;
            }
            int target;
            int[] columns;
            try {
                target = CsvReader.resolveTarget(header, options, "");
                columns = CsvReader.resolveFeatures(header, options, target, "");
            } catch (DataException e) {
                return null;
            }
            int[] role = new int[fields];
            Arrays.fill(role, SKIP);
            role[target] = TARGET;
            List<String> names = new ArrayList<>(columns.length);
            for (int j = 0; j < columns.length; j++) {
                role[columns[j]] = j;
                names.add(header.get(columns[j]));
            }
            return new Layout(dataStart, fields, role, List.copyOf(names), header.get(target));
        }
    }

    /** One read of one file: the shared state of the threads working on it. */
    private static final class Job {
        private final Source src;
        private final Layout layout;
        private final byte delim;
        private final long[] starts;
        private final int chunks;
        private final int[] rowCounts;
        private final int[] rowStarts;
        private final AtomicInteger nextCount = new AtomicInteger();
        private final AtomicInteger countsLeft;
        private final CountDownLatch arraysReady = new CountDownLatch(1);
        private final AtomicInteger nextParse = new AtomicInteger();
        private final AtomicReference<Throwable> error = new AtomicReference<>();
        private volatile boolean unsupported;
        // written before arraysReady opens
        double[] x;
        double[] y;

        Job(Source src, Layout layout, byte delim, long[] starts) {
            this.src = src;
            this.layout = layout;
            this.delim = delim;
            this.starts = starts;
            this.chunks = starts.length;
            this.rowCounts = new int[chunks];
            this.rowStarts = new int[chunks];
            this.countsLeft = new AtomicInteger(chunks);
        }

        boolean failed() {
            return unsupported;
        }

        /** Runs the work on this thread and {@code helpers} more, and waits for all of them. */
        void runWith(int helpers) throws IOException {
            Thread[] threads = new Thread[helpers];
            for (int k = 0; k < helpers; k++) {
                threads[k] = new Thread(this::work, "lrsweep-csv-" + (k + 1));
                threads[k].setDaemon(true);
                threads[k].start();
            }
            work();
            boolean interrupted = false;
            for (Thread t : threads) {
                while (true) {
                    try {
                        t.join();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
            Throwable t = error.get();
            if (t instanceof IOException io) throw io;
            if (t instanceof RuntimeException r) throw r;
            if (t instanceof Error e) throw e;
            if (t != null) throw new IllegalStateException(t);
        }

        private void work() {
            try {
                Cursor cursor = new Cursor(delim);
                int i;
                while ((i = nextCount.getAndIncrement()) < chunks) {
                    try {
                        rowCounts[i] = unsupported ? 0 : countRows(cursor.load(src, chunkStart(i), chunkEnd(i)));
                    } finally {
                        if (countsLeft.decrementAndGet() == 0) {
                            try {
                                allocate();
                            } catch (Throwable t) {
                                // an OutOfMemoryError, most likely: recorded before the others go on
                                error.compareAndSet(null, t);
                                unsupported = true;
                            } finally {
                                arraysReady.countDown();
                            }
                        }
                    }
                }
                awaitArrays();
                while (!unsupported && (i = nextParse.getAndIncrement()) < chunks) {
                    cursor.load(src, chunkStart(i), chunkEnd(i));
                    if (!parseChunk(i, cursor)) unsupported = true;
                }
            } catch (Throwable t) {
                error.compareAndSet(null, t);
                unsupported = true;
                arraysReady.countDown();
            }
        }

        private long chunkStart(int i) {
            return starts[i];
        }

        private long chunkEnd(int i) {
            return i + 1 < chunks ? starts[i + 1] : src.size();
        }

        private void awaitArrays() {
            boolean interrupted = false;
            while (true) {
                try {
                    arraysReady.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }

        private void allocate() {
            long rows = 0;
            for (int i = 0; i < chunks; i++) {
                rowStarts[i] = (int) Math.min(rows, Integer.MAX_VALUE);
                rows += rowCounts[i];
            }
            long cells = rows * layout.features;
            if (unsupported || rows == 0 || cells > Integer.MAX_VALUE - 8) {
                unsupported = true;
                return;
            }
            x = new double[(int) cells];
            y = new double[(int) rows];
        }

        /** Non-empty lines of the loaded chunk (a line holding only CR is empty, as for Commons CSV). */
        private static int countRows(Cursor chunk) {
            byte[] b = chunk.b;
            int to = chunk.limit;
            int rows = 0;
            int lineStart = 0;
            int i = 0;
            for (; i + 8 <= to; i += 8) {
                long w = (long) LONGS.get(b, i);
                long x = w ^ NEWLINES;
                // 0x80 exactly in the bytes that were '\n' (and, below, '\r')
                long t = ~(((x & LOW7) + LOW7) | x | LOW7);
                if (t == 0) continue;
                long y = w ^ RETURNS;
                long r = ~(((y & LOW7) + LOW7) | y | LOW7);
                if (r == 0 && (i == 0 || b[i - 1] != '\r')) {
                    // no CR near: a '\n' ends a row unless the byte before it was a '\n' too
                    long before = (t << 8) | (lineStart == i ? 0x80L : 0L);
                    rows += Long.bitCount(t & ~before);
                    lineStart = i + ((56 - Long.numberOfLeadingZeros(t)) >>> 3) + 1;
                    continue;
                }
                while (t != 0) {
                    int p = i + (Long.numberOfTrailingZeros(t) >>> 3);
                    if (p > lineStart && !(p == lineStart + 1 && b[lineStart] == '\r')) rows++;
                    lineStart = p + 1;
                    t &= t - 1;
                }
            }
            for (; i < to; i++) {
                if (b[i] == '\n') {
                    if (i > lineStart && !(i == lineStart + 1 && b[lineStart] == '\r')) rows++;
                    lineStart = i + 1;
                }
            }
            if (to > lineStart && !(to == lineStart + 1 && b[lineStart] == '\r')) rows++;
            return rows;
        }

        /** Parses the loaded chunk i into its rows; false when it holds anything the fast path does not handle. */
        private boolean parseChunk(int chunk, Cursor cursor) {
            byte[] b = cursor.b;
            int len = cursor.limit;
            int p = 0;
            int row = rowStarts[chunk];
            int endRow = row + rowCounts[chunk];
            while (p < len) {
                byte c = b[p];
                if (c == '\n') {
                    p++;
                    continue;
                }
                if (c == '\r') {
                    if (p + 1 < len && b[p + 1] == '\n') {
                        p += 2;
                        continue;
                    }
                    return false;
                }
                if (row >= endRow) return false;
                p = parseRow(cursor, p, row);
                if (p < 0) return false;
                row++;
            }
            return row == endRow;
        }

        /**
         * Parses the data line starting at p into row {@code row}: the position after its line end, or
         * -1 when the line is not plain numeric CSV of the expected width. A method of its own so that
         * the JIT compiles this loop once, as a whole method called per row, early; inside
         * {@link #parseChunk}, whose loop runs a whole chunk per call, it was compiled three times
         * over (on-stack replacements, then the method), taking CPU from the parse on two cores.
         */
        private int parseRow(Cursor cursor, int p, int row) {
            final byte[] b = cursor.b;
            final int len = cursor.limit;
            final int columns = layout.columns;
            final int last = columns - 1;
            final int[] role = layout.role;
            final double[] x = this.x;
            final int base = row * layout.features;
            for (int col = 0; col < columns; col++) {
                int r = role[col];
                if (r == SKIP) {
                    p = cursor.skipCell(p);
                } else {
                    p = cursor.number(p);
                    if (p >= 0) {
                        if (r >= 0) {
                            x[base + r] = cursor.value;
                        } else {
                            y[row] = cursor.value;
                        }
                    }
                }
                if (p < 0) return -1;
                if (col < last) {
                    if (p >= len || b[p] != delim) return -1;
                    p++;
                } else if (p < len) {
                    if (b[p] == '\n') {
                        p++;
                    } else if (b[p] == '\r' && p + 1 < len && b[p + 1] == '\n') {
                        p += 2;
                    } else {
                        return -1;
                    }
                }
            }
            return p;
        }
    }

    /** One thread's reading position state: where a cell ends and the number it held. */
    private static final class Cursor {
        /** Zero bytes after a loaded chunk: two eight-byte reads' worth past the last position, and more. */
        static final int PAD = 32;
        private final byte delim;
        private final boolean tabIsBlank;
        /** The loaded chunk: its bytes are {@code b[0, limit)}; the rest of b is stale. */
        byte[] b = new byte[0];
        int limit;
        /** The value of the last {@link #number} call. */
        double value;

        Cursor(byte delim) {
            this.delim = delim;
            this.tabIsBlank = delim != '\t';
        }

        /**
         * Reads the bytes {@code [from, to)} of src into this thread's buffer, followed by
         * {@value #PAD} zero bytes, so that {@link #number} may read eight bytes at any position up
         * to {@code limit} without a check: a zero is not a digit, so no number runs past the end.
         */
        Cursor load(Source src, long from, long to) throws IOException {
            int n = (int) (to - from);
            if (b.length < n + PAD) b = new byte[n + (n >> 3) + PAD];
            src.readFully(from, b, 0, n);
            Arrays.fill(b, n, n + PAD, (byte) 0);
            limit = n;
            return this;
        }

        /** The end of an unused cell, or -1 when it holds a quote or a non-ASCII byte. */
        int skipCell(int p) {
            byte[] b = this.b;
            int len = limit;
            while (p < len) {
                byte c = b[p];
                if (c == delim || c == '\n' || c == '\r') return p;
                if (c == '"' || c < 0) return -1;
                p++;
            }
            return p;
        }

        /**
         * Reads one numeric cell from p: blanks, the number, blanks. Returns the position after it and
         * leaves the number in {@link #value}, or returns -1 when the cell is not a plain finite number.
         *
         * <p>The common case — no blanks, no exponent, at most 7 integer and 7 fraction digits — reads
         * the digits eight bytes at a time without a branch on their count; at most 14 digits make
         * {@code m < 2^53}, so {@code m / 10^fraction} is exact-rounded. Everything else takes
         * {@link #numberSlow}. No check for the end of the bytes: {@code p ≤ limit}, and the zeros
         * after {@code limit} stop the digits (a check there was taken once per chunk, late, and each
         * time made the JIT throw this method and its caller away and compile them again).
         */
        int number(int p) {
            byte[] b = this.b;
            long w = (long) LONGS.get(b, p);
            int first = (int) w & 0xFF;
            // 1 for '-' (or '+'), else 0, without a branch: signs are random, so a branch would
            // mispredict half the time
            int negative = ((first ^ '-') - 1) >>> 31;
            int signed = negative | (((first ^ '+') - 1) >>> 31);
            // a sign: drop its byte (the top byte becomes 0, a non-digit, so at most 7 digits count)
            w >>>= signed << 3;
            int n = leadingDigits(w);
            long m = digitsValue(w, n);
            int q = p + signed + n;
            // the byte after the digits, from w rather than from memory (n = 7 after a sign: unknown)
            int c = (int) (w >>> (n << 3)) & 0xFF;
            int fraction = 0;
            if (c == '.') {
                q++;
                w = (long) LONGS.get(b, q);
                fraction = leadingDigits(w);
                m = m * POW10_LONG[fraction] + digitsValue(w, fraction);
                q += fraction;
                c = (int) (w >>> (fraction << 3)) & 0xFF;
            }
            // the shapes left to numberSlow, each test -1 when it holds: eight digits before the point
            // (with the sign), eight after it, no digit, an exponent, a blank. Tested without
            // branches: an exponent or a blank may first appear after the JIT has compiled this
            // method, and a branch never taken till then would make it compile it again.
            int slow = ((7 - n - signed) >> 31) | (((fraction ^ 8) - 1) >> 31) | ((n + fraction - 1) >> 31)
                    | ((((c | 0x20) ^ 'e') - 1) >> 31) | (((c ^ ' ') - 1) >> 31) | (((c ^ '\t') - 1) >> 31);
            if (slow != 0) return numberSlow(p);
            double v = m / POW10[fraction];
            value = Double.longBitsToDouble(Double.doubleToRawLongBits(v) | (long) negative << 63);
            return q;
        }

        /** How many of the eight bytes in w, lowest first, are ASCII digits before the first that is not. */
        private static int leadingDigits(long w) {
            // bit 7 of each byte is set unless the byte is '0'..'9'; carries and borrows only reach
            // bytes after the first non-digit, which do not count
            long nonDigits = ((w + 0x4646464646464646L) | (w - 0x3030303030303030L)) & 0x8080808080808080L;
            return Long.numberOfTrailingZeros(nonDigits) >>> 3;
        }

        /** The value of the first n (0..8) bytes of w, lowest first, all ASCII digits. */
        private static long digitsValue(long w, int n) {
            // the digits moved to the top, zeros below: an eight-digit number with leading zeros
            // (two shifts, as a single shift by 64 would shift by 0)
            int half = 32 - 4 * n;
            long v = (w & 0x0F0F0F0F0F0F0F0FL) << half << half;
            v = (v * 10) + (v >>> 8);
            return (((v & 0x000000FF000000FFL) * (100 + (1000000L << 32)))
                    + (((v >>> 16) & 0x000000FF000000FFL) * (1 + (10000L << 32)))) >>> 32;
        }

        /** {@link #number} for every case, a byte at a time. */
        private int numberSlow(int p) {
            byte[] b = this.b;
            int len = limit;
            int q = p;
            while (q < len && (b[q] == ' ' || (b[q] == '\t' && tabIsBlank))) q++;
            int tokenStart = q;
            boolean negative = false;
            if (q < len) {
                byte c = b[q];
                if (c == '-') {
                    negative = true;
                    q++;
                } else if (c == '+') {
                    q++;
                }
            }
            long m = 0;
            int intStart = q;
            int dg;
            while (q < len && (dg = b[q] - '0') >= 0 && dg <= 9) {
                m = 10 * m + dg;
                q++;
            }
            int digits = q - intStart;
            int fraction = 0;
            if (q < len && b[q] == '.') {
                q++;
                int fracStart = q;
                while (q < len && (dg = b[q] - '0') >= 0 && dg <= 9) {
                    m = 10 * m + dg;
                    q++;
                }
                fraction = q - fracStart;
                digits += fraction;
            }
            if (digits == 0) return -1;
            int exponent = 0;
            if (q < len && (b[q] | 0x20) == 'e') {
                q++;
                boolean expNegative = false;
                if (q < len && (b[q] == '-' || b[q] == '+')) {
                    expNegative = b[q] == '-';
                    q++;
                }
                int expStart = q;
                while (q < len && (dg = b[q] - '0') >= 0 && dg <= 9) {
                    if (exponent < 100_000) exponent = 10 * exponent + dg;
                    q++;
                }
                if (q == expStart) return -1;
                if (expNegative) exponent = -exponent;
            }
            int tokenEnd = q;
            while (q < len && (b[q] == ' ' || (b[q] == '\t' && tabIsBlank))) q++;
            int e10 = exponent - fraction;
            double v;
            if (digits <= 18 && m <= TWO_POW_53 && e10 >= -22 && e10 <= 22) {
                v = e10 < 0 ? m / POW10[-e10] : m * POW10[e10];
                value = negative ? -v : v;
            } else if (digits <= 18 && m == 0) {
                value = negative ? -0.0 : 0.0;
            } else {
                v = Double.parseDouble(new String(b, tokenStart, tokenEnd - tokenStart, StandardCharsets.ISO_8859_1));
                if (!Double.isFinite(v)) return -1;
                value = v;
            }
            return q;
        }
    }
}
