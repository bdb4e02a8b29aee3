package dev.lrsweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lrsweep.report.JsonTrees;
import dev.lrsweep.report.ResultsLog;
import dev.lrsweep.sweep.Trial;
import dev.lrsweep.train.TrainRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The identity of a sweep — a hash of its resolved configuration and its data's SHA-256 — and the
 * checks that a results log or a shard part belongs to it.
 */
final class SweepHash {
    private SweepHash() {
    }

    /**
     * The configuration key left out of the identity: the data file's path. Its SHA-256 stands for
     * it, so shards started from other directories, or with the path spelt otherwise, are one sweep.
     */
    static final String DATA_PATH = "data";

    /** Hex SHA-256 of the resolved configuration's JSON (without the data's path) and the dataset's hash. */
    static String of(Map<String, Object> command, String datasetSha256) {
        try {
            Map<String, Object> identity = new java.util.LinkedHashMap<>(command);
            identity.remove(DATA_PATH);
            // the text ObjectMapper writes for a command's values (text, booleans, null, int, long and
            // double numbers, lists, double arrays: the same, tested), without its set-up
            String text = JsonTrees.write(JsonTrees.of(identity), false) + "\n" + datasetSha256;
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (byte b : h) sb.append(String.format("%02x", b));
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What {@code --resume} takes from a log.
     *
     * @param runs    the logged runs, by trial id
     * @param droppedLine the number of an incomplete or damaged last line left out (a run cut off
     *                    while writing it), or 0
     */
    record Resumed(Map<Integer, TrainRun> runs, int droppedLine) {
    }

    /**
     * Reads a results log for {@code --resume}: its runs, after checking it is of this sweep.
     *
     * @throws UsageException naming what changed when it is of another sweep
     */
    static Resumed resume(Path file, String hash, Map<String, Object> command, List<Trial> trials)
            throws IOException {
        ResultsLog.Contents c;
        try {
            c = ResultsLog.read(file);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--resume: " + e.getMessage());
        }
        if (!c.hash().equals(hash)) {
            List<String> changes = differences(c.sweep(), dev.lrsweep.report.JsonTrees.of(command));
            throw new UsageException("--resume: " + file + " is of a different sweep: "
                    + (changes.isEmpty() ? "the data changed (its SHA-256 differs)" : String.join("; ", changes)));
        }
        for (Map.Entry<Integer, JsonNode> e : c.trials().entrySet()) {
            int id = e.getKey();
            if (id < 0 || id >= trials.size()
                    || !JsonTrees.write(ResultsLog.describe(trials.get(id)), false).equals(JsonTrees.write(e.getValue(), false))) {
                throw new UsageException("--resume: " + file + ": trial " + id + " does not match this sweep's trial list");
            }
        }
        return new Resumed(c.runs(), c.droppedLine());
    }

    /** "key was X, now Y" for every top-level key that differs. */
    static List<String> differences(JsonNode before, JsonNode now) {
        List<String> out = new ArrayList<>();
        Iterator<String> keys = now.fieldNames();
        while (keys.hasNext()) {
            String k = keys.next();
            if (k.equals(DATA_PATH)) continue; // the data is compared by its SHA-256
            JsonNode a = before == null ? null : before.get(k);
            JsonNode b = now.get(k);
            // compare as text: numbers read back may be ints where they were written as longs
            if (a == null || !JsonTrees.write(a, false).equals(JsonTrees.write(b, false))) {
                out.add(k + " was " + (a == null ? "absent" : a) + ", now " + b);
            }
        }
        if (before != null) {
            before.fieldNames().forEachRemaining(k -> {
                if (!now.has(k) && !k.equals(DATA_PATH)) out.add(k + " was " + before.get(k) + ", now absent");
            });
        }
        return out;
    }
}
