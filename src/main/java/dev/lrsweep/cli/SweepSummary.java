package dev.lrsweep.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lrsweep.report.JsonSummary;
import dev.lrsweep.report.JsonTrees;
import dev.lrsweep.train.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What CI expectations look at in a JSON summary written by {@code grid}, {@code random} or
 * {@code find}: every trial's rate, status and final loss, and the chosen best. A range test
 * ({@code find}) contributes the trials of its {@code refine} block; its best is the refined best,
 * or without {@code --refine} the suggested rate (which has no loss).
 *
 * @param command the {@code command.name} the summary records ({@code grid}, {@code random},
 *                {@code find}), or {@code unknown}
 * @param trials  the trials, in file order
 * @param best    the chosen trial, or null when there is none (every trial diverged, or the range
 *                test made no suggestion)
 */
record SweepSummary(String command, List<TrialResult> trials, Best best) {
    /**
     * The schema versions this lrsweep reads: what CI expectations look at (rates, statuses, final
     * losses, the best trial) means the same in 1 and 2.
     */
    static final Set<Integer> SUPPORTED_SCHEMA_VERSIONS = Set.of(1, JsonSummary.SCHEMA_VERSION);

    private static final Set<String> TOP_KEYS = Set.of("tool", "version", "schema_version", "best", "suggestion",
            "refine", "shard", "sweep_hash");
    private static final Set<String> TRIAL_KEYS = Set.of("id", "lr", "status", "final_loss");
    private static final List<String> STATUSES = Arrays.stream(Status.values()).map(Status::label).toList();

    /**
     * One trial as the summary records it.
     *
     * @param id        the trial's id
     * @param lr        its learning rate
     * @param status    its status label, one of {@link Status}'s
     * @param finalLoss its final loss, NaN where the summary has null (a non-finite loss)
     */
    record TrialResult(long id, double lr, String status, double finalLoss) {
    }

    /**
     * The chosen trial.
     *
     * @param label     how to name it in messages: {@code trial 2}, or {@code the suggestion (steepest)}
     * @param lr        its learning rate
     * @param finalLoss its final loss, NaN when the summary has none
     */
    record Best(String label, double lr, double finalLoss) {
    }

    /**
     * Reads a summary file, keeping only the fields expectations look at, so a summary with long
     * histories or many parameters costs memory in proportion to its trials, not its size.
     *
     * @throws UsageException naming the file: missing, unreadable, empty, or malformed JSON (with
     *                        line and column)
     */
    static JsonNode read(Path file) {
        String name = file.toString();
        if (Files.isDirectory(file)) throw new UsageException(name + ": is a directory, not a JSON summary");
        if (!Files.exists(file)) throw new UsageException(name + ": no such file");
        JsonFactory factory = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        try (JsonParser p = factory.createParser(file.toFile())) {
            JsonToken first = p.nextToken();
            if (first == null) throw new UsageException(name + ": the file is empty");
            if (first != JsonToken.START_OBJECT) {
                throw new UsageException(name + ": not an lrsweep summary (the top level is " + kind(first)
                        + ", not an object)");
            }
            ObjectNode root = JsonTrees.object();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                if (key.equals("trials") && value == JsonToken.START_ARRAY) {
                    root.set(key, trials(p));
                } else if (key.equals("command") && value == JsonToken.START_OBJECT) {
                    root.set(key, commandName(p));
                } else if (TOP_KEYS.contains(key) || key.equals("trials") || key.equals("command")) {
                    root.set(key, tree(p));
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw malformed(name, p.currentTokenLocation(), "more content after the summary's closing '}'");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw malformed(name, e.getLocation(), e.getOriginalMessage());
        } catch (IOException e) {
            throw new UsageException(name + ": cannot read: " + Main.oneLine(e.getMessage()));
        }
    }

    private static JsonNode tree(JsonParser p) throws IOException {
        JsonNode n = JsonTrees.read(p);
        return n == null ? NullNode.getInstance() : n;
    }

    private static ArrayNode trials(JsonParser p) throws IOException {
        ArrayNode out = JsonTrees.array();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_OBJECT) {
                out.add(tree(p));
                continue;
            }
            ObjectNode trial = JsonTrees.object();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                if (TRIAL_KEYS.contains(key)) {
                    trial.set(key, tree(p));
                } else {
                    p.skipChildren();
                }
            }
            out.add(trial);
        }
        return out;
    }

    private static ObjectNode commandName(JsonParser p) throws IOException {
        ObjectNode out = JsonTrees.object();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            if (key.equals("name")) {
                out.set(key, tree(p));
            } else {
                p.skipChildren();
            }
        }
        return out;
    }

    private static UsageException malformed(String name, JsonLocation at, String what) {
        String where = at == null || at.getLineNr() < 1 ? name : name + ":" + at.getLineNr() + ":" + at.getColumnNr();
        return new UsageException(where + ": malformed JSON: " + abbreviate(forUsers(Main.oneLine(what)), 160));
    }

    /** Jackson's message without the parts meant for programmers: source dumps, feature names. */
    private static String forUsers(String message) {
        return message.replaceAll("\\s*\\(start marker at \\[Source:.*$", "")
                .replaceAll(": enable `[^`]*` to allow$", "")
                .replaceAll(", from `[^`]*`\\)", ")");
    }

    private static String kind(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "not an object";
        };
    }

    /**
     * Checks that {@code root} is an lrsweep summary of a supported schema version and reads what
     * expectations need.
     *
     * @throws UsageException saying which field is missing or wrong (a JSON path such as
     *                        {@code trials[2].lr}), without the file name
     */
    static SweepSummary of(JsonNode root) {
        if (root == null || !root.isObject()) throw new UsageException("not an lrsweep summary (the top level is not an object)");
        JsonNode tool = root.get("tool");
        if (tool == null) throw new UsageException("not an lrsweep summary (no \"tool\": \"lrsweep\")");
        if (!tool.isTextual() || !tool.asText().equals("lrsweep")) {
            throw new UsageException("not an lrsweep summary (\"tool\" is " + show(tool) + ")");
        }
        JsonNode version = root.get("schema_version");
        if (version == null || version.isNull()) throw new UsageException("no schema_version: not an lrsweep summary");
        if (!version.canConvertToExactIntegral() || !version.canConvertToInt()) {
            throw new UsageException("schema_version: expected a whole number, got " + show(version));
        }
        if (!SUPPORTED_SCHEMA_VERSIONS.contains(version.intValue())) {
            throw new UsageException("schema_version " + version.intValue() + " is not supported (this lrsweep "
                    + Main.version() + " reads " + SUPPORTED_SCHEMA_VERSIONS.stream().sorted().map(String::valueOf)
                    .reduce((a, b) -> a + ", " + b).orElse("none") + ")");
        }
        JsonNode name = root.path("command").path("name");
        String command = name.isTextual() ? name.asText() : "unknown";
        if (root.has("trials")) {
            if (!root.has("best")) throw new UsageException("best: missing (a sweep summary has \"best\", null when none)");
            List<TrialResult> trials = trialList(root.get("trials"), "trials");
            return new SweepSummary(command, trials, consistent(trials, root.get("best"), "best"));
        }
        if (root.has("suggestion")) return finder(root, command);
        throw new UsageException("no trials: neither a sweep's \"trials\" nor a range test's \"suggestion\"");
    }

    private static SweepSummary finder(JsonNode root, String command) {
        JsonNode refine = root.get("refine");
        if (refine != null && !refine.isNull()) {
            if (!refine.isObject()) throw new UsageException("refine: expected an object or null, got " + show(refine));
            JsonNode trials = refine.get("trials");
            if (trials == null) throw new UsageException("refine.trials: missing");
            List<TrialResult> list = trialList(trials, "refine.trials");
            return new SweepSummary(command, list, consistent(list, refine.get("best"), "refine.best"));
        }
        JsonNode s = root.get("suggestion");
        if (s.isNull()) return new SweepSummary(command, List.of(), null);
        if (!s.isObject()) throw new UsageException("suggestion: expected an object, got " + show(s));
        JsonNode lr = s.get("lr");
        if (lr == null || lr.isNull()) return new SweepSummary(command, List.of(), null);
        String method = s.path("method").isTextual() ? s.get("method").asText() : "unknown";
        return new SweepSummary(command, List.of(),
                new Best("the suggestion (" + abbreviate(method, 40) + ")", rate(lr, "suggestion.lr"), Double.NaN));
    }

    private static List<TrialResult> trialList(JsonNode trials, String path) {
        if (!trials.isArray()) throw new UsageException(path + ": expected an array, got " + show(trials));
        List<TrialResult> out = new ArrayList<>(trials.size());
        for (int i = 0; i < trials.size(); i++) {
            JsonNode t = trials.get(i);
            String at = path + "[" + i + "]";
            if (!t.isObject()) throw new UsageException(at + ": expected an object, got " + show(t));
            JsonNode lr = t.get("lr");
            if (lr == null) throw new UsageException(at + ".lr: missing");
            JsonNode status = t.get("status");
            if (status == null) throw new UsageException(at + ".status: missing");
            if (!status.isTextual() || !STATUSES.contains(status.asText())) {
                throw new UsageException(at + ".status: expected one of " + String.join(", ", STATUSES) + ", got "
                        + show(status));
            }
            out.add(new TrialResult(id(t.get("id"), i, at + ".id"), rate(lr, at + ".lr"), status.asText(),
                    loss(t.get("final_loss"), at + ".final_loss")));
        }
        return List.copyOf(out);
    }

    /**
     * The best trial, checked against the trials: a gate on a best that is not one of them (a
     * hand-edited or damaged summary) would judge numbers the sweep never produced.
     */
    private static Best consistent(List<TrialResult> trials, JsonNode node, String path) {
        Best best = best(node, path);
        if (best == null) return null;
        long id = id(node.get("id"), -1, path + ".id");
        TrialResult match = null;
        for (TrialResult t : trials) {
            if (id >= 0 ? t.id() == id : t.lr() == best.lr()) {
                match = t;
                break;
            }
        }
        if (match == null) {
            throw new UsageException(path + ": " + (id >= 0 ? "trial " + id : "lr " + best.lr())
                    + " is not one of the trials; the summary is damaged");
        }
        if (match.lr() != best.lr()) {
            throw new UsageException(path + ".lr: " + best.lr() + ", but trial " + match.id() + " has " + match.lr()
                    + "; the summary is damaged");
        }
        return best;
    }

    private static Best best(JsonNode best, String path) {
        if (best == null || best.isNull()) return null;
        if (!best.isObject()) throw new UsageException(path + ": expected an object or null, got " + show(best));
        JsonNode lr = best.get("lr");
        if (lr == null) throw new UsageException(path + ".lr: missing");
        long id = id(best.get("id"), -1, path + ".id");
        return new Best(id >= 0 ? "trial " + id : "the best trial", rate(lr, path + ".lr"),
                loss(best.get("final_loss"), path + ".final_loss"));
    }

    private static long id(JsonNode id, long fallback, String path) {
        if (id == null || id.isNull()) return fallback;
        if (!id.canConvertToExactIntegral() || !id.canConvertToLong() || id.longValue() < 0) {
            throw new UsageException(path + ": expected a whole number >= 0, got " + show(id));
        }
        return id.longValue();
    }

    private static double rate(JsonNode lr, String path) {
        if (!lr.isNumber() || !(lr.doubleValue() > 0) || !Double.isFinite(lr.doubleValue())) {
            throw new UsageException(path + ": expected a finite number > 0, got " + show(lr));
        }
        return lr.doubleValue();
    }

    private static double loss(JsonNode loss, String path) {
        if (loss == null || loss.isNull()) return Double.NaN;
        if (!loss.isNumber() || !Double.isFinite(loss.doubleValue())) {
            throw new UsageException(path + ": expected a finite number or null, got " + show(loss));
        }
        return loss.doubleValue();
    }

    /** A value as JSON text, cut short: a hostile file may hold megabytes in one string. */
    private static String show(JsonNode n) {
        return abbreviate(n.toString(), 40);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
