package dev.lrsweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lrsweep.train.Event;
import dev.lrsweep.train.LoggedStep;
import dev.lrsweep.train.TrainRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link TrainRun} as JSON and back, exactly: doubles are written in Java's shortest round-trip
 * form, and NaN and infinities as the strings {@code "NaN"}, {@code "Infinity"},
 * {@code "-Infinity"}. Used by the results log (resume) and shard parts (merge), so that a run read
 * back is judged exactly as the run that wrote it.
 */
public final class RunCodec {

    private RunCodec() {
    }

    /** The run as a JSON object. */
    public static ObjectNode encode(TrainRun r) {
        ObjectNode n = JsonTrees.object();
        n.set("losses", doubles(r.losses()));
        put(n, "initial_loss", r.initialLoss());
        n.put("updates", r.updates());
        n.put("non_finite", r.nonFinite());
        n.put("stopped_early", r.stoppedEarly());
        n.put("interrupted", r.interrupted());
        ArrayNode logged = n.putArray("logged");
        for (LoggedStep s : r.logged()) {
            ObjectNode o = logged.addObject();
            o.put("step", s.step());
            o.put("epoch", s.epoch());
            put(o, "lr", s.lr());
            put(o, "loss", s.loss());
            put(o, "val_loss", s.valLoss());
            put(o, "accuracy", s.accuracy());
            put(o, "val_accuracy", s.valAccuracy());
            // a run that kept only the norm logs that (older logs always hold the parameters)
            if (s.params() != null) {
                o.set("params", doubles(s.params()));
            } else {
                put(o, "param_norm", s.paramNorm());
            }
        }
        ArrayNode events = n.putArray("events");
        for (Event e : r.events()) {
            ObjectNode o = events.addObject();
            o.put("step", e.step());
            o.put("kind", e.kind());
            o.put("message", e.message());
            ObjectNode v = o.putObject("values");
            e.values().forEach((k, x) -> put(v, k, x));
        }
        n.set("final_params", doubles(r.finalParams()));
        put(n, "final_val_loss", r.finalValLoss());
        put(n, "final_accuracy", r.finalAccuracy());
        put(n, "final_val_accuracy", r.finalValAccuracy());
        n.put("elapsed_nanos", r.elapsedNanos());
        n.put("steps_per_epoch", r.stepsPerEpoch());
        n.set("epoch_losses", doubles(r.epochLosses()));
        return n;
    }

    /**
     * Reads a run written by {@link #encode}.
     *
     * @throws IllegalArgumentException when a field is missing or of the wrong type
     */
    public static TrainRun decode(JsonNode n) {
        List<LoggedStep> logged = new ArrayList<>();
        for (JsonNode o : array(n, "logged")) {
            // a step logged with only the parameters' norm, or (older logs too) with the parameters
            boolean kept = o.has("params") || !o.has("param_norm");
            int step = integer(o, "step");
            int epoch = integer(o, "epoch");
            logged.add(kept
                    ? new LoggedStep(step, epoch, number(o, "lr"), number(o, "loss"), number(o, "val_loss"),
                            number(o, "accuracy"), number(o, "val_accuracy"), doubles(o, "params"))
                    : new LoggedStep(step, epoch, number(o, "lr"), number(o, "loss"), number(o, "val_loss"),
                            number(o, "accuracy"), number(o, "val_accuracy"), null, number(o, "param_norm")));
        }
        List<Event> events = new ArrayList<>();
        for (JsonNode o : array(n, "events")) {
            Map<String, Double> values = new LinkedHashMap<>();
            JsonNode v = o.get("values");
            if (v == null || !v.isObject()) throw new IllegalArgumentException("event without values");
            v.fieldNames().forEachRemaining(k -> values.put(k, number(v, k)));
            events.add(new Event(integer(o, "step"), text(o, "kind"), text(o, "message"), values));
        }
        double[] losses = doubles(n, "losses");
        if (losses.length == 0) throw new IllegalArgumentException("'losses' is empty");
        return new TrainRun(losses, number(n, "initial_loss"), integer(n, "updates"),
                bool(n, "non_finite"), bool(n, "stopped_early"), bool(n, "interrupted"), List.copyOf(logged),
                List.copyOf(events), doubles(n, "final_params"), number(n, "final_val_loss"),
                number(n, "final_accuracy"), number(n, "final_val_accuracy"), n.path("elapsed_nanos").asLong(),
                integer(n, "steps_per_epoch"), doubles(n, "epoch_losses"));
    }

    private static ArrayNode doubles(double[] v) {
        ArrayNode a = JsonTrees.array();
        for (double d : v) {
            if (Double.isFinite(d)) {
                a.add(d);
            } else {
                a.add(Double.toString(d));
            }
        }
        return a;
    }

    private static void put(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.put(key, Double.toString(v));
        }
    }

    private static double value(JsonNode x, String what) {
        if (x != null && x.isNumber()) return x.doubleValue();
        if (x != null && x.isTextual()) {
            switch (x.asText()) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default: break;
            }
        }
        throw new IllegalArgumentException("'" + what + "' is not a number");
    }

    private static double number(JsonNode n, String key) {
        return value(n.get(key), key);
    }

    private static double[] doubles(JsonNode n, String key) {
        JsonNode a = n.get(key);
        if (a == null || !a.isArray()) throw new IllegalArgumentException("'" + key + "' is not a list");
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = value(a.get(i), key);
        return out;
    }

    private static Iterable<JsonNode> array(JsonNode n, String key) {
        JsonNode a = n.get(key);
        if (a == null || !a.isArray()) throw new IllegalArgumentException("'" + key + "' is not a list");
        return a;
    }

    private static int integer(JsonNode n, String key) {
        JsonNode x = n.get(key);
        if (x == null || !x.canConvertToInt()) throw new IllegalArgumentException("'" + key + "' is not a whole number");
        return x.intValue();
    }

    private static boolean bool(JsonNode n, String key) {
        JsonNode x = n.get(key);
        if (x == null || !x.isBoolean()) throw new IllegalArgumentException("'" + key + "' is not true or false");
        return x.booleanValue();
    }

    private static String text(JsonNode n, String key) {
        JsonNode x = n.get(key);
        if (x == null || !x.isTextual()) throw new IllegalArgumentException("'" + key + "' is not text");
        return x.asText();
    }
}
