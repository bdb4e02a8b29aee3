package dev.lrsweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lrsweep.optim.OptimizerSpec;
import dev.lrsweep.report.JsonSummary;
import dev.lrsweep.report.JsonTrees;
import dev.lrsweep.report.ResultsLog;
import dev.lrsweep.report.RunCodec;
import dev.lrsweep.schedule.ScheduleSpec;
import dev.lrsweep.sweep.SettingStats;
import dev.lrsweep.sweep.SweepResult;
import dev.lrsweep.sweep.SweepRunner;
import dev.lrsweep.sweep.Trial;
import dev.lrsweep.sweep.TrialOutcome;
import dev.lrsweep.train.TrainRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shard parts and their merge. A part is the JSON summary of the trials whose id is K modulo N,
 * plus {@code shard} ({@code index}, {@code count}), {@code sweep_hash}, {@code trial_count} and
 * {@code runs} (each trial's swept values and whole run, as in the results log). Merging checks that
 * the parts are of one sweep and complete, then judges all runs together exactly as an unsharded
 * run would, so the merged summary equals the unsharded one (timings aside).
 */
final class Shards {

    private Shards() {
    }

    /** Adds the part fields to a shard's summary. */
    static void annotate(ObjectNode json, int[] shard, int trialCount, String hash, SweepResult result) {
        ObjectNode s = json.putObject("shard");
        s.put("index", shard[0]);
        s.put("count", shard[1]);
        json.put("sweep_hash", hash);
        json.put("trial_count", trialCount);
        ArrayNode runs = json.putArray("runs");
        for (TrialOutcome o : result.outcomes()) {
            ObjectNode r = runs.addObject();
            r.set("trial", ResultsLog.describe(o.trial()));
            r.set("run", RunCodec.encode(o.run()));
        }
    }

    /**
     * The merged summary of {@code parts}.
     *
     * @throws UsageException naming the file when parts are of different sweeps, repeated, missing
     *         or not parts at all
     */
    static ObjectNode merge(List<Path> files) throws IOException {
        List<JsonNode> parts = new ArrayList<>();
        for (Path f : files) parts.add(readPart(f));
        JsonNode first = parts.get(0);
        String hash = first.get("sweep_hash").asText();
        int count = first.get("shard").get("count").asInt();
        int trialCount = first.get("trial_count").asInt();
        JsonNode[] byIndex = new JsonNode[count];
        Path[] fileOf = new Path[count];
        for (int i = 0; i < parts.size(); i++) {
            JsonNode p = parts.get(i);
            Path f = files.get(i);
            if (!p.get("sweep_hash").asText().equals(hash)) {
                // name what differs, as a resume does: the resolved command, else the data
                List<String> changes = SweepHash.differences(first.get("command"), p.get("command"));
                String sha = first.path("dataset").path("sha256").asText();
                String what = !changes.isEmpty() ? String.join("; ", changes)
                        : !sha.equals(p.path("dataset").path("sha256").asText()) ? "the data differ (their SHA-256)"
                        : "sweep_hash differs";
                throw new UsageException(f + ": a part of a different sweep than " + files.get(0) + " (" + what + ")");
            }
            int n = p.get("shard").get("count").asInt();
            int k = p.get("shard").get("index").asInt();
            if (n != count) throw new UsageException(f + ": shard count " + n + ", but " + files.get(0) + " has " + count);
            if (k < 0 || k >= count) throw new UsageException(f + ": shard index " + k + " out of 0.." + (count - 1));
            if (byIndex[k] != null) throw new UsageException(f + ": shard " + k + "/" + count + " given twice");
            byIndex[k] = p;
            fileOf[k] = f;
        }
        List<String> missing = new ArrayList<>();
        for (int k = 0; k < count; k++) if (byIndex[k] == null) missing.add(k + "/" + count);
        if (!missing.isEmpty()) throw new UsageException("missing shard(s) " + String.join(", ", missing));

        List<Trial> trials = new ArrayList<>();
        Map<Integer, TrainRun> runs = new HashMap<>();
        List<JsonNode> trialNodes = new ArrayList<>();
        Map<Integer, Integer> effectiveBatch = new HashMap<>();
        double optimum = first.get("reference").get("source").asText().equals("optimum")
                ? first.get("reference").get("loss").asDouble() : Double.NaN;
        double tol = first.get("command").get("tol").asDouble();
        RowFacts facts = new RowFacts(first.get("command"));
        for (int k = 0; k < count; k++) {
            JsonNode p = byIndex[k];
            int trialsBefore = trials.size();
            Map<Integer, JsonNode> described = new HashMap<>();
            for (JsonNode r : p.get("runs")) {
                JsonNode t = r.path("trial");
                if (!t.path("id").canConvertToInt() || !t.path("lr").isNumber()) {
                    throw new UsageException(fileOf[k] + ": a run without a trial id and rate; the part is damaged");
                }
                int id = t.get("id").asInt();
                // shard k holds exactly the trials whose id is k modulo the count, each once
                if (id < 0 || id >= trialCount || id % count != k) {
                    throw new UsageException(fileOf[k] + ": trial " + id + " does not belong in shard " + k + "/" + count
                            + " of " + trialCount + " trials; the part is damaged");
                }
                Trial trial;
                try {
                    trial = new Trial(id, t.get("lr").asDouble(), t.path("seed").asLong(),
                            OptimizerSpec.parse(t.path("optimizer").asText()), ScheduleSpec.parse(t.path("schedule").asText()),
                            t.path("batch_size").asInt());
                } catch (RuntimeException e) {
                    throw new UsageException(fileOf[k] + ": trial " + id + " cannot be read (" + Main.oneLine(e.getMessage())
                            + "); the part is damaged");
                }
                if (described.put(id, t) != null) {
                    throw new UsageException(fileOf[k] + ": trial " + id + " appears twice in runs; the part is damaged");
                }
                trials.add(trial);
                try {
                    runs.put(trial.id(), RunCodec.decode(r.get("run")));
                } catch (IllegalArgumentException e) {
                    throw new UsageException(fileOf[k] + ": trial " + trial.id() + " cannot be read (" + e.getMessage()
                            + "); was the part written by another lrsweep version?");
                }
            }
            int listed = 0;
            for (JsonNode t : p.get("trials")) {
                int id = t.get("id").asInt();
                JsonNode run = described.get(id);
                // the summary's row and the run must describe one trial
                if (run == null || t.get("lr").asDouble() != run.get("lr").asDouble()
                        || t.get("seed").asLong() != run.path("seed").asLong()
                        || !t.path("optimizer").asText().equals(run.path("optimizer").asText())
                        || !t.path("schedule").asText().equals(run.path("schedule").asText())) {
                    throw new UsageException(fileOf[k] + ": trials[] entry " + id + " does not match its run; the part "
                            + "is damaged");
                }
                listed++;
                trialNodes.add(t);
                effectiveBatch.put(id, t.get("batch_size").asInt());
            }
            if (listed != described.size()) {
                throw new UsageException(fileOf[k] + ": " + described.size() + " runs but " + listed
                        + " trials[] entries; the part is damaged");
            }
            requireRowsMatchRuns(fileOf[k], p, trials.subList(trialsBefore, trials.size()), runs, optimum, tol, facts);
        }
        trials.sort(Comparator.comparingInt(Trial::id));
        trialNodes.sort(Comparator.comparingInt(t -> t.get("id").asInt()));
        if (trials.size() != trialCount) {
            throw new UsageException("the parts hold " + trials.size() + " trials, the sweep has " + trialCount);
        }
        JsonNode command = first.get("command");
        boolean byVal = trialNodes.stream().anyMatch(t -> t.hasNonNull("final_val_loss"));
        SweepResult result = SweepRunner.run(trials, 1, t -> runs.get(t.id()), optimum, command.get("tol").asDouble(),
                byVal, runs, (t, r) -> { });
        List<SettingStats> stats = first.has("settings") ? SettingStats.of(result.outcomes()) : List.of();

        ObjectNode root = JsonTrees.object();
        for (String key : List.of("tool", "version", "schema_version", "command", "dataset")) root.set(key, first.get(key));
        ArrayNode trialArray = JsonTrees.array();
        trialNodes.forEach(t -> trialArray.add(t.deepCopy()));
        JsonSummary.putJudgement(root, trialArray, result, stats, t -> effectiveBatch.get(t.id()));
        root.set("analysis", first.get("analysis"));
        return root;
    }

    /**
     * What a row holds that its run does not say, checked across the parts instead: the planned
     * steps (the command's, unless epochs set them), the full batch (one row count for the whole
     * sweep), a mini-batch (the trial's own size) and the parameter names (one list for the sweep).
     */
    private static final class RowFacts {
        final Integer steps;
        Integer fullBatch;
        List<String> names;

        RowFacts(JsonNode command) {
            JsonNode epochs = command.path("epochs");
            steps = epochs.isNull() || epochs.isMissingNode() ? Integer.valueOf(command.path("steps").asInt()) : null;
        }

        /** The first of these facts the row gets wrong, or null. */
        String wrong(JsonNode row, Trial trial, TrainRun run, List<String> rowNames, boolean hasParams) {
            if (steps != null && row.path("steps").asInt() != steps) return "steps";
            int batch = row.path("batch_size").asInt();
            if (run.miniBatch()) {
                if (batch != trial.batchSize()) return "batch_size";
            } else if (fullBatch == null) {
                fullBatch = batch;
            } else if (batch != fullBatch) {
                return "batch_size";
            }
            if (hasParams) {
                if (names == null) names = rowNames;
                else if (!names.equals(rowNames)) return "params";
            } else if (run.finalParams().length <= 256) {
                // the JSON leaves parameters out only for models over 256 of them
                return "params";
            }
            return null;
        }
    }

    /**
     * Fails when a part's summary rows are not what its runs give: each row is written again from
     * its run, judged as the shard judged it (its own trials, the sweep's optimum or their best
     * loss), and compared field by field — so a row edited by hand, or a run edited under it, is
     * refused. What the run does not say is checked across the parts ({@link RowFacts}); only the
     * timing and the parameters in original units (which need the data's scaling) are not compared.
     */
    private static void requireRowsMatchRuns(Path file, JsonNode part, List<Trial> partTrials, Map<Integer, TrainRun> runs,
                                             double optimum, double tol, RowFacts facts) {
        Map<Integer, JsonNode> rows = new HashMap<>();
        for (JsonNode t : part.get("trials")) rows.put(t.get("id").asInt(), t);
        boolean byVal = rows.values().stream().anyMatch(t -> t.hasNonNull("final_val_loss"));
        SweepResult judged = SweepRunner.run(partTrials, 1, t -> runs.get(t.id()), optimum, tol, byVal, Map.of(),
                (t, r) -> { });
        for (dev.lrsweep.sweep.TrialOutcome o : judged.outcomes()) {
            JsonNode row = rows.get(o.trial().id());
            JsonNode params = row.path("params");
            List<String> names = new ArrayList<>();
            params.fieldNames().forEachRemaining(names::add);
            String wrong = facts.wrong(row, o.trial(), o.run(), names, params.isObject());
            if (wrong != null) {
                throw new UsageException(file + ": trial " + o.trial().id() + "'s summary row does not match its run ("
                        + wrong + "); the part is damaged or was edited");
            }
            JsonSummary.TrialView view = new JsonSummary.TrialView(names, params.isObject(), null,
                    t -> row.path("steps").asInt(), t -> row.path("batch_size").asInt());
            ObjectNode expected;
            JsonNode stored;
            try {
                // both through text, so that numbers compare by value, not by node type
                expected = (ObjectNode) JsonTrees.parse(JsonTrees.write(JsonSummary.trial(o, view), false));
                stored = JsonTrees.parse(JsonTrees.write(row, false));
            } catch (IOException | RuntimeException e) {
                throw new UsageException(file + ": trial " + o.trial().id() + " cannot be read (" + Main.oneLine(e.getMessage())
                        + "); the part is damaged");
            }
            for (String skip : List.of("elapsed_ms", "params_original_units")) {
                expected.remove(skip);
                ((ObjectNode) stored).remove(skip);
            }
            if (!expected.equals(stored)) {
                String field = "?";
                for (java.util.Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    if (!expected.get(name).equals(stored.get(name))) {
                        field = name;
                        break;
                    }
                }
                if (field.equals("?")) {
                    for (java.util.Iterator<String> it = stored.fieldNames(); it.hasNext(); ) {
                        String name = it.next();
                        if (!expected.has(name)) {
                            field = name;
                            break;
                        }
                    }
                }
                throw new UsageException(file + ": trial " + o.trial().id() + "'s summary row does not match its run ("
                        + field + "); the part is damaged or was edited");
            }
        }
    }

    private static JsonNode readPart(Path f) throws IOException {
        if (java.nio.file.Files.isDirectory(f)) throw new UsageException(f + ": is a directory, not a part");
        JsonNode p;
        try {
            p = JsonTrees.parse(f.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // a read limit (nesting over 1000, a number over 1000 digits) comes without a location
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? f.toString() : f + ":" + at.getLineNr() + ":" + at.getColumnNr();
            String m = Main.oneLine(e.getOriginalMessage());
            // a limit's message keeps its figures, less the setting's name; a syntax error loses
            // what Jackson adds in brackets
            m = at == null ? m.replaceFirst(", from `[^`]*`\\)", ")") : m.replaceFirst(" \\(.*$", "");
            throw new UsageException(where + ": not valid JSON: " + m);
        } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
            throw new UsageException(f + ": no such file");
        }
        if (p == null || !p.isObject() || !"lrsweep".equals(p.path("tool").asText())) {
            throw new UsageException(f + ": not an lrsweep summary");
        }
        if (p.path("schema_version").asInt() != JsonSummary.SCHEMA_VERSION) {
            throw new UsageException(f + ": schema_version " + p.path("schema_version") + " is not supported");
        }
        if (!p.has("shard") || !p.has("runs") || !p.has("sweep_hash") || !p.has("trial_count")) {
            throw new UsageException(f + ": not a shard part (run the sweep with --shard K/N --json FILE)");
        }
        // the header fields the merge reads, each of the right kind, or the part is damaged
        boolean whole = p.path("shard").path("index").isIntegralNumber() && p.path("shard").path("count").isIntegralNumber()
                && p.path("shard").path("count").asInt() >= 1 && p.path("trial_count").isIntegralNumber()
                && p.path("trial_count").asLong() >= 0 && p.path("trial_count").asLong() <= Integer.MAX_VALUE
                && p.path("sweep_hash").isTextual() && p.path("command").isObject()
                && p.path("command").path("tol").isNumber() && p.path("dataset").isObject()
                && p.path("dataset").path("sha256").isTextual() && p.path("reference").isObject()
                && p.path("reference").path("source").isTextual() && p.path("runs").isArray()
                && p.path("trials").isArray();
        if (!whole) throw new UsageException(f + ": a shard part with missing or malformed header fields; the part is damaged");
        // the identity the part claims is the one its own command and data give
        @SuppressWarnings("unchecked")
        Map<String, Object> command = (Map<String, Object>) JsonTrees.plain(p.get("command"));
        if (!SweepHash.of(command, p.get("dataset").get("sha256").asText()).equals(p.get("sweep_hash").asText())) {
            throw new UsageException(f + ": its sweep_hash is not that of its command and data; the part is damaged or was edited");
        }
        try {
            SweepSummary.of(p); // the trials' fields the merged summary copies
        } catch (UsageException e) {
            throw new UsageException(f + ": " + e.getMessage());
        }
        return p;
    }
}
