package dev.lrsweep.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file (RFC 4180 quoting via Apache Commons CSV, UTF-8 with or without a BOM, LF or
 * CRLF line ends, blank lines skipped) into a {@link Dataset}. Every cell used must be a finite
 * decimal number. Errors are {@link DataException}s of the form {@code file:line:column: what},
 * where line is the 1-based line of the file and column the 1-based field number.
 */
public final class CsvReader {
    /** A decimal number, as people write them in CSV files; no hex, no NaN, no 'd'/'f' suffixes. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private CsvReader() {
    }

    /**
     * Reads {@code path} into a dataset, on up to {@link #defaultThreads()} threads.
     *
     * @throws DataException for anything that makes the file unusable
     */
    public static Dataset read(Path path, CsvOptions options) {
        return read(path, options, defaultThreads());
    }

    /**
     * Reads {@code path} into a dataset. A plain numeric file (no quotes, ASCII data, numeric cells)
     * takes a fast path that parses on up to {@code threads} threads straight into the dataset's
     * arrays; anything else, and every file with class labels, goes through Apache Commons CSV. Both
     * give the same dataset, bit for bit, and every error comes from the Commons CSV path.
     *
     * @param threads how many threads may parse, at least 1
     * @throws DataException for anything that makes the file unusable
     */
    public static Dataset read(Path path, CsvOptions options, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        String name = path.toString();
        try {
            if (Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path)) {
                // a pipe (/dev/stdin, <(...), a FIFO) can be read once only: take its bytes, then parse them
                byte[] bytes = readBytes(path, name);
                PIPED.put(path.toAbsolutePath(), new java.lang.ref.SoftReference<>(bytes));
                if (!options.labels() && FastCsvParser.usableDelimiter(options.delimiter())) {
                    Dataset fast = FastCsvParser.parse(bytes, options, name, threads);
                    if (fast != null) return fast;
                }
                return readSlowly(bytes, options, name);
            }
            Dataset fast = readFast(path, options, threads, name);
            if (fast != null) return fast;
            byte[] bytes = readBytes(path, name);
            return readSlowly(bytes, options, name);
        } catch (OutOfMemoryError e) {
            // the file's bytes, its text or the arrays did not fit: everything allocated here is
            // unreachable again once we leave, so the message can be printed
            throw new DataException(name + ": too large to load into memory (raise the heap, e.g. "
                    + "LRSWEEP_JAVA_OPTS=-Xmx8g)");
        }
    }

    /** The fast path straight from the file, or null when it does not handle the file. */
    private static Dataset readFast(Path path, CsvOptions options, int threads, String name) {
        if (options.labels() || !FastCsvParser.usableDelimiter(options.delimiter())) return null;
        if (Files.isDirectory(path)) throw new DataException(name + ": is a directory, not a CSV file");
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long[] stamp = ContentDigest.stamp(path);
            FastCsvParser.Parsed p = FastCsvParser.parse(FastCsvParser.Source.of(ch, stamp[0]), options, threads, null);
            if (p == null) return null;
            return p.dataset(name, ContentDigest.ofFile(path, name, stamp[0], stamp[1]));
        } catch (NoSuchFileException e) {
            throw new DataException(name + ": no such file");
        } catch (AccessDeniedException e) {
            throw new DataException(name + ": permission denied");
        } catch (IOException e) {
            // let the Commons CSV path read it whole and say what is wrong
            return null;
        }
    }

    /**
     * {@code e} with its place in {@code path} as {@code file:line:column}, when it is about the target
     * value of a data row ({@link DataException#atRow}): the file is read again (on the Commons CSV
     * path, as an error is rare) to find the line the row starts on; the column is the target's
     * field number. Any other exception, or a file that cannot be read again as it was, gives
     * {@code e} itself.
     *
     * @param options how the file was read
     */
    public static DataException located(Path path, CsvOptions options, DataException e) {
        if (e.targetRow() < 0) return e;
        String name = path.toString();
        try {
            // a pipe cannot be read again (a FIFO would wait for a writer): its bytes, kept when it was read
            java.lang.ref.SoftReference<byte[]> kept = PIPED.get(path.toAbsolutePath());
            byte[] bytes = kept != null ? kept.get() : Files.isRegularFile(path) ? readBytes(path, name) : null;
            if (bytes == null) return e;
            String text = text(bytes, name);
            LineIndex lines = new LineIndex(text);
            CSVFormat format = format(options);
            int target = -1;
            int row = 0;
            try (CSVParser parser = CSVParser.parse(text, format)) {
                for (CSVRecord rec : parser) {
                    if (target < 0) {
                        List<String> header = new ArrayList<>();
                        for (int j = 0; j < rec.size(); j++) header.add(options.header() ? rec.get(j).strip() : "c" + (j + 1));
                        target = resolveTarget(header, options, name);
                        if (options.header()) continue;
                    }
                    if (row++ == e.targetRow()) {
                        return new DataException(name + ":" + lines.recordLine(rec) + ":" + (target + 1)
                                + ": " + e.what());
                    }
                }
            }
        } catch (RuntimeException | IOException | OutOfMemoryError ignored) {
            // the file changed or cannot be read again: the data row will do
        }
        return e;
    }

    /**
     * The bytes of the pipes read so far, by absolute path, so that {@link #located} can place an
     * error in them: a pipe cannot be read twice. Softly held: under memory pressure an error about
     * a pipe's target names the data row only.
     */
    private static final java.util.Map<Path, java.lang.ref.SoftReference<byte[]>> PIPED =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Threads a read uses by default: the available processors, at most 4. */
    public static int defaultThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** Reads on the Commons CSV path only; tests compare it with the fast path. */
    static Dataset readSlowly(Path path, CsvOptions options) {
        String name = path.toString();
        return readSlowly(readBytes(path, name), options, name);
    }

    /**
     * The 1-based field of a line whose opening quote is never closed on that line, or 0 when every
     * quote there closes (the open one began later) or there is no such line.
     */
    static int unclosedField(String line, char delimiter) {
        if (line == null) return 0;
        int field = 1;
        int openedIn = 0;
        boolean quoted = false;
        boolean fieldStart = true;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        i++;
                    } else {
                        quoted = false;
                    }
                }
            } else if (c == delimiter) {
                field++;
                fieldStart = true;
                continue;
            } else if (c == '"' && fieldStart) {
                quoted = true;
                openedIn = field;
            }
            fieldStart = false;
        }
        return quoted ? openedIn : 0;
    }

    /** The file's text as the Commons CSV path reads it: UTF-8, without a leading byte-order mark. */
    private static String text(byte[] bytes, String name) {
        String text = decode(bytes, name);
        return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
    }

    /** The Commons CSV format of the slow path (and of placing an error after the fact). */
    private static CSVFormat format(CsvOptions options) {
        return CSVFormat.RFC4180.builder()
                .setDelimiter(options.delimiter())
                .setIgnoreEmptyLines(true)
                .build();
    }

    private static Dataset readSlowly(byte[] bytes, CsvOptions options, String name) {
        String text = text(bytes, name);
        if (text.isBlank()) throw new DataException(name + ": the file is empty");
        LineIndex lines = new LineIndex(text);
        CSVFormat format = format(options);
        List<String> header = null;
        int[] columns = null;
        int targetColumn = -1;
        List<String> featureNames = null;
        double[] x = new double[1024];
        double[] y = new double[128];
        List<String> labels = options.labels() ? new ArrayList<>() : null;
        int rows = 0;
        try (CSVParser parser = CSVParser.parse(text, format)) {
            for (CSVRecord rec : parser) {
                int line = lines.recordLine(rec);
                if (header == null) {
                    if (options.header()) {
                        header = readHeader(rec, name, line);
                        // the header is not data: go on to the next record
                    } else {
                        header = new ArrayList<>();
                        for (int j = 1; j <= rec.size(); j++) header.add("c" + j);
                    }
                    targetColumn = resolveTarget(header, options, name);
                    columns = resolveFeatures(header, options, targetColumn, name);
                    featureNames = new ArrayList<>();
                    for (int c : columns) featureNames.add(header.get(c));
                    if (options.header()) continue;
                }
                if (rec.size() != header.size()) {
                    // the column is the first field too many, or the first one missing
                    int column = Math.min(rec.size(), header.size()) + 1;
                    throw new DataException(name + ":" + line + ":" + column + ": expected " + header.size()
                            + " fields, found " + rec.size());
                }
                int d = columns.length;
                if ((long) (rows + 1) * d > x.length) x = Arrays.copyOf(x, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * x.length, (long) (rows + 1) * d)));
                if (rows == y.length) y = Arrays.copyOf(y, 2 * y.length);
                for (int j = 0; j < d; j++) {
                    x[rows * d + j] = cell(rec, columns[j], header, name, line);
                }
                if (labels != null) {
                    labels.add(label(rec, targetColumn, header, name, line));
                } else {
                    y[rows] = cell(rec, targetColumn, header, name, line);
                }
                rows++;
            }
        } catch (UncheckedIOException | IOException e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            String m = oneLine(cause.getMessage());
            java.util.regex.Matcher start = java.util.regex.Pattern.compile("\\(startline (\\d+)\\)").matcher(m);
            if (m.contains("EOF reached before encapsulated token finished") && start.find()) {
                int field = unclosedField(lines.line(Integer.parseInt(start.group(1))), options.delimiter());
                throw new DataException(name + ":" + start.group(1) + (field > 0 ? ":" + field : "")
                        + ": malformed CSV: a quoted field is never closed (the file ends inside it)");
            }
            throw new DataException(name + ": malformed CSV: " + m);
        } catch (IllegalStateException e) {
            throw new DataException(name + ": malformed CSV: " + oneLine(e.getMessage()));
        }
        if (header == null) throw new DataException(name + ": the file is empty");
        if (rows == 0) throw new DataException(name + ": no data rows after the header");
        double[] xs = Arrays.copyOf(x, rows * columns.length);
        if (labels == null) {
            return new Dataset(xs, Arrays.copyOf(y, rows), featureNames, header.get(targetColumn), name, sha256(bytes));
        }
        List<String> classes = classOrder(labels);
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < classes.size(); c++) index.put(classes.get(c), c);
        double[] yc = new double[rows];
        for (int i = 0; i < rows; i++) yc[i] = index.get(labels.get(i));
        return new Dataset(xs, yc, featureNames, header.get(targetColumn), name, sha256(bytes), classes);
    }

    /** Distinct labels: in numeric order when every label is a number, else in text order. */
    private static List<String> classOrder(List<String> labels) {
        List<String> distinct = new ArrayList<>(new java.util.TreeSet<>(labels));
        if (distinct.stream().allMatch(l -> NUMBER.matcher(l).matches())) {
            distinct.sort(java.util.Comparator.comparingDouble(Double::parseDouble));
        }
        return List.copyOf(distinct);
    }

    private static String label(CSVRecord rec, int column, List<String> header, String name, int line) {
        String s = rec.get(column).strip();
        if (s.isEmpty()) {
            throw new DataException(name + ":" + line + ":" + (column + 1) + ": empty class label (column "
                    + header.get(column) + ")");
        }
        return s;
    }

    /** The column names for a message: each cut to 40 characters, at most 20 of them. */
    private static String columnList(List<String> header) {
        List<String> shown = new ArrayList<>();
        for (int j = 0; j < Math.min(20, header.size()); j++) shown.add(abbreviate(header.get(j)));
        String more = header.size() > 20 ? ", ... (" + (header.size() - 20) + " more)" : "";
        return String.join(", ", shown) + more;
    }

    private static byte[] readBytes(Path path, String name) {
        if (Files.isDirectory(path)) throw new DataException(name + ": is a directory, not a CSV file");
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new DataException(name + ": no such file");
        } catch (AccessDeniedException e) {
            throw new DataException(name + ": permission denied");
        } catch (OutOfMemoryError e) {
            throw new DataException(name + ": too large to load into memory");
        } catch (IOException e) {
            throw new DataException(name + ": cannot read: " + oneLine(e.getMessage()));
        }
    }

    private static String decode(byte[] bytes, String name) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return dec.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            int bad = firstBadUtf8(bytes);
            int line = 1;
            for (int i = 0; i < bad; i++) if (bytes[i] == '\n') line++;
            throw new DataException(name + ":" + line + ": not valid UTF-8 (byte offset " + bad + ")");
        }
    }

    private static int firstBadUtf8(byte[] bytes) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        dec.decode(in, out, true);
        return in.position();
    }

    private static List<String> readHeader(CSVRecord rec, String name, int line) {
        List<String> header = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < rec.size(); j++) {
            String h = rec.get(j).strip();
            if (h.isEmpty()) throw new DataException(name + ":" + line + ":" + (j + 1) + ": empty column name");
            if (!seen.add(h)) {
                throw new DataException(name + ":" + line + ":" + (j + 1) + ": duplicate column name '" + h + "'");
            }
            header.add(h);
        }
        return header;
    }

    static int resolveTarget(List<String> header, CsvOptions options, String name) {
        if (options.target() == null) {
            if (header.size() < 2) {
                throw new DataException(name + ": needs at least two columns (features and a target), found "
                        + header.size());
            }
            return header.size() - 1;
        }
        int t = header.indexOf(options.target());
        if (t < 0) {
            throw new DataException("--target: no column '" + options.target() + "' in " + name + " (columns: "
                    + columnList(header) + ")");
        }
        return t;
    }

    static int[] resolveFeatures(List<String> header, CsvOptions options, int target, String name) {
        if (options.features() == null) {
            int[] cols = new int[header.size() - 1];
            for (int j = 0, k = 0; j < header.size(); j++) if (j != target) cols[k++] = j;
            if (cols.length == 0) throw new DataException(name + ": no feature columns besides the target");
            return cols;
        }
        Map<String, Integer> index = new HashMap<>();
        for (int j = 0; j < header.size(); j++) index.put(header.get(j), j);
        Set<String> seen = new HashSet<>();
        int[] cols = new int[options.features().size()];
        if (cols.length == 0) throw new DataException("--features: no columns given");
        for (int k = 0; k < cols.length; k++) {
            String f = options.features().get(k);
            Integer j = index.get(f);
            if (j == null) {
                throw new DataException("--features: no column '" + f + "' in " + name + " (columns: "
                        + columnList(header) + ")");
            }
            if (!seen.add(f)) throw new DataException("--features: '" + f + "' is listed twice");
            if (j == target) throw new DataException("--features: '" + f + "' is the target; it cannot also be a feature");
            cols[k] = j;
        }
        return cols;
    }

    private static double cell(CSVRecord rec, int column, List<String> header, String name, int line) {
        String raw = rec.get(column);
        String s = raw.strip();
        String where = name + ":" + line + ":" + (column + 1) + ": ";
        String col = " (column " + header.get(column) + ")";
        if (s.isEmpty()) throw new DataException(where + "empty cell" + col);
        if (!NUMBER.matcher(s).matches()) {
            String lower = s.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("nan") || lower.contains("inf")) {
                throw new DataException(where + "'" + abbreviate(s) + "' is not a finite number" + col);
            }
            throw new DataException(where + "'" + abbreviate(s) + "' is not a number" + col);
        }
        double v = Double.parseDouble(s);
        if (!Double.isFinite(v)) throw new DataException(where + "'" + abbreviate(s) + "' is out of range" + col);
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static String oneLine(String s) {
        return s == null ? "unknown error" : s.replaceAll("\\s+", " ").strip();
    }

    static String sha256(byte[] bytes) {
        return hex(ContentDigest.newSha256().digest(bytes));
    }

    /** Lower-case hex digits of {@code bytes}. */
    static String hex(byte[] bytes) {
        char[] out = new char[2 * bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = Character.forDigit((bytes[i] >> 4) & 0xF, 16);
            out[2 * i + 1] = Character.forDigit(bytes[i] & 0xF, 16);
        }
        return new String(out);
    }

    /** Maps a character offset to its 1-based line; CRLF, LF and lone CR each end a line. */
    private static final class LineIndex {
        private final String text;
        private final int[] starts;

        LineIndex(String text) {
            this.text = text;
            int[] s = new int[64];
            int n = 0;
            s[n++] = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                    if (n == s.length) s = Arrays.copyOf(s, 2 * n);
                    s[n++] = i + 1;
                }
            }
            starts = Arrays.copyOf(s, n);
        }

        /**
         * The line a record starts on. Commons CSV gives the offset where it began reading the
         * record, before the empty lines it skipped: those are passed over first.
         */
        int recordLine(CSVRecord rec) {
            int at = (int) rec.getCharacterPosition();
            while (at < text.length() && (text.charAt(at) == '\n' || text.charAt(at) == '\r')) at++;
            return lineOf(at);
        }

        int lineOf(long offset) {
            int k = Arrays.binarySearch(starts, (int) offset);
            return (k >= 0 ? k : -k - 2) + 1;
        }

        /** The text of 1-based line {@code line} without its line end, or null beyond the last. */
        String line(int line) {
            if (line < 1 || line > starts.length) return null;
            int from = starts[line - 1];
            int to = line < starts.length ? starts[line] : text.length();
            while (to > from && (text.charAt(to - 1) == '\n' || text.charAt(to - 1) == '\r')) to--;
            return text.substring(from, to);
        }
    }
}
