package dev.lrsweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lrsweep.sweep.Trial;
import dev.lrsweep.train.TrainRun;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The results log behind {@code --results} and {@code --resume}: JSON Lines, a header line naming
 * the sweep (its hash and resolved configuration), then one line per finished trial with the trial's
 * swept values and its whole run ({@link RunCodec}). Each line is written, flushed and synced before
 * the next trial is reported, so a run killed with SIGKILL loses at most the trials in flight; a
 * last line cut short by the kill is ignored on reading.
 */
public final class ResultsLog implements Closeable {
    /** Version of the log's layout: 2 since runs carry their epoch losses (older logs are refused). */
    public static final int FORMAT = 2;

    private final FileChannel channel;

    private ResultsLog(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * What a log holds.
     *
     * @param hash   the sweep hash in the header
     * @param sweep  the resolved configuration in the header
     * @param trials the logged trials' swept values, by id
     * @param runs   the logged runs, by trial id
     * @param intact the bytes before a damaged last line (a write cut short by a kill), or the
     *               file's length when there is none
     * @param droppedLine the number of that damaged last line when it holds anything but blanks, else 0
     */
    public record Contents(String hash, JsonNode sweep, Map<Integer, JsonNode> trials, Map<Integer, TrainRun> runs,
                           long intact, int droppedLine) {
    }

    /** Starts a new log at {@code file} (replacing any), with its header line. */
    public static ResultsLog create(Path file, String hash, Map<String, Object> sweep) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        ResultsLog log = new ResultsLog(ch);
        ObjectNode header = JsonTrees.object();
        header.put("lrsweep_results", FORMAT);
        header.put("sweep_hash", hash);
        header.set("sweep", JsonTrees.of(sweep));
        log.writeLine(header);
        return log;
    }

    /**
     * Opens an existing log to append further trials. A last line cut short by a kill is dropped
     * first, so that the log stays readable by the next resume; a last line without its line end
     * gets one.
     */
    public static ResultsLog appendTo(Path file) throws IOException {
        long intact = read(file).intact();
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ch.truncate(intact);
        ch.position(intact);
        if (intact > 0) {
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, intact - 1);
            if (last.get(0) != '\n') {
                ByteBuffer nl = ByteBuffer.wrap(new byte[] {'\n'});
                while (nl.hasRemaining()) ch.write(nl);
            }
        }
        return new ResultsLog(ch);
    }

    /** Appends a finished trial; safe to call from several threads. */
    public synchronized void append(Trial t, TrainRun run) throws IOException {
        ObjectNode line = JsonTrees.object();
        line.set("trial", describe(t));
        line.set("run", RunCodec.encode(run));
        writeLine(line);
    }

    /** The swept values of a trial, as the log stores them. */
    public static ObjectNode describe(Trial t) {
        ObjectNode n = JsonTrees.object();
        n.put("id", t.id());
        n.put("lr", t.lr());
        n.put("seed", t.seed());
        n.put("optimizer", t.optimizer().toString());
        n.put("schedule", t.schedule().toString());
        n.put("batch_size", t.batchSize());
        return n;
    }

    /**
     * The node on one line, streamed to the file: a network's parameters as text would otherwise be
     * copied three times over (the text, the line, its bytes), several times the parameters' own size.
     */
    private void writeLine(JsonNode node) throws IOException {
        java.io.OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel),
                1 << 16);
        JsonTrees.write(node, out);
        out.write('\n');
        out.flush();
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * Reads a log.
     *
     * @throws IllegalArgumentException with a one-line message naming the file and line when it is
     *         not a results log or a line other than the last is damaged
     * @throws IOException when it cannot be read
     */
    public static Contents read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        // the lines, and where each starts in the bytes
        List<String> lines = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        for (int from = 0; from < bytes.length; ) {
            int nl = from;
            while (nl < bytes.length && bytes[nl] != '\n') nl++;
            int end = nl > from && bytes[nl - 1] == '\r' ? nl - 1 : nl;
            lines.add(new String(bytes, from, end - from, StandardCharsets.UTF_8));
            starts.add(from);
            from = nl + 1;
        }
        long intact = bytes.length;
        int droppedLine = 0;
        if (lines.isEmpty()) throw new IllegalArgumentException(file + ": empty, not a results log");
        JsonNode header = parse(file, lines.get(0), 1);
        if (header == null || !header.has("lrsweep_results") || !header.has("sweep_hash")) {
            throw new IllegalArgumentException(file + ":1: not an lrsweep results log");
        }
        if (header.get("lrsweep_results").asInt() != FORMAT) {
            throw new IllegalArgumentException(file + ":1: results log format " + header.get("lrsweep_results")
                    + " is not supported (expected " + FORMAT + "; a log written by an older lrsweep cannot be resumed)");
        }
        Map<Integer, JsonNode> trials = new HashMap<>();
        Map<Integer, TrainRun> runs = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            boolean last = i == lines.size() - 1;
            JsonNode line = parse(file, lines.get(i), i + 1);
            if (line == null) {
                if (last) {
                    // cut short by a kill: that trial simply runs again
                    intact = starts.get(i);
                    if (!lines.get(i).isBlank()) droppedLine = i + 1;
                    break;
                }
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": damaged line");
            }
            try {
                JsonNode t = line.get("trial");
                if (t == null || !t.isObject() || !t.path("id").canConvertToInt()) {
                    throw new IllegalArgumentException("no trial with an id");
                }
                if (!line.path("run").isObject()) throw new IllegalArgumentException("no run");
                int id = t.get("id").asInt();
                runs.put(id, RunCodec.decode(line.get("run")));
                trials.put(id, t);
            } catch (RuntimeException e) {
                if (last) {
                    intact = starts.get(i);
                    droppedLine = i + 1;
                    break;
                }
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": damaged line: "
                        + (e instanceof IllegalArgumentException ? e.getMessage() : "unexpected content"));
            }
        }
        return new Contents(header.get("sweep_hash").asText(), header.get("sweep"), trials, runs, intact, droppedLine);
    }

    private static JsonNode parse(Path file, String line, int number) {
        if (line.isBlank()) return null;
        try {
            return JsonTrees.parse(line);
        } catch (IOException e) {
            return null;
        }
    }
}
