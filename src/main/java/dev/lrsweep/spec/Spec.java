package dev.lrsweep.spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The text form shared by schedules, optimizers and callbacks: {@code name(key=value,...)}, where a
 * value is a number, a word ({@code true}, {@code cos}), a list {@code [1,0.5,0.1]} or a nested spec
 * ({@code warmup(steps=10,then=cosine(decay_steps=200))}). The parentheses may be left out when
 * there are no arguments. Values keep the text they were read from, so {@link #toString()} gives the
 * spec back as it was written (less white space).
 */
public final class Spec {
    /** One argument value, as read. */
    public sealed interface Value permits Scalar, ListValue, Nested {}

    /** A number or a word, kept as its text. */
    public record Scalar(String text) implements Value {
        @Override public String toString() { return text; }
    }

    /** A bracketed list of values. */
    public record ListValue(List<Value> items) implements Value {
        @Override public String toString() {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) sb.append(',');
                sb.append(items.get(i));
            }
            return sb.append(']').toString();
        }
    }

    /** A spec inside a spec. */
    public record Nested(Spec spec) implements Value {
        @Override public String toString() { return spec.toString(); }
    }

    private final String name;
    private final Map<String, Value> args;
    private final boolean parenthesized;

    private Spec(String name, Map<String, Value> args, boolean parenthesized) {
        this.name = name;
        this.args = Collections.unmodifiableMap(args);
        this.parenthesized = parenthesized;
    }

    /**
     * Reads a spec.
     *
     * @throws SpecException naming the character position of the first thing that does not fit
     */
    public static Spec parse(String text) {
        if (text == null || text.isBlank()) throw new SpecException("empty spec");
        Parser p = new Parser(text);
        Spec s = p.spec();
        p.skipSpace();
        if (!p.atEnd()) throw p.error("unexpected '" + p.peek() + "'");
        return s;
    }

    /** The spec's name, for example {@code exponential}. */
    public String name() { return name; }

    /** The argument names in the order written. */
    public Set<String> keys() { return args.keySet(); }

    /** Whether the argument was given. */
    public boolean has(String key) { return args.containsKey(key); }

    /** The raw value of an argument, or null. */
    public Value value(String key) { return args.get(key); }

    /**
     * Fails unless every argument is one of {@code allowed}; the message lists the valid keys.
     */
    public void requireKeys(Collection<String> allowed) {
        for (String k : args.keySet()) {
            if (!allowed.contains(k)) {
                throw new SpecException(name + ": unknown key '" + k + "' (valid: "
                        + (allowed.isEmpty() ? "none" : String.join(", ", allowed)) + ")");
            }
        }
    }

    /** Fails unless the argument is given. */
    public void require(String key) {
        if (!has(key)) throw new SpecException(name + ": '" + key + "' is required");
    }

    /** A finite number, or {@code def} when absent. */
    public double getDouble(String key, double def) {
        Value v = args.get(key);
        return v == null ? def : toDouble(key, v);
    }

    /** A required finite number. */
    public double getDouble(String key) {
        require(key);
        return getDouble(key, Double.NaN);
    }

    /** A whole number, or {@code def} when absent. */
    public long getLong(String key, long def) {
        Value v = args.get(key);
        if (v == null) return def;
        double d = toDouble(key, v);
        if (d != Math.rint(d) || Math.abs(d) > 9.0e15) {
            throw new SpecException(name + ": '" + key + "' must be a whole number, got " + v);
        }
        return (long) d;
    }

    /** A required whole number. */
    public long getLong(String key) {
        require(key);
        return getLong(key, 0);
    }

    /** {@code true} or {@code false} (any case), or {@code def} when absent. */
    public boolean getBoolean(String key, boolean def) {
        Value v = args.get(key);
        if (v == null) return def;
        if (v instanceof Scalar s) {
            if (s.text().equalsIgnoreCase("true")) return true;
            if (s.text().equalsIgnoreCase("false")) return false;
        }
        throw new SpecException(name + ": '" + key + "' must be true or false, got " + v);
    }

    /** One of the words in {@code allowed} (case-insensitive, returned in lower case), or {@code def}. */
    public String getWord(String key, String def, List<String> allowed) {
        Value v = args.get(key);
        if (v == null) return def;
        if (v instanceof Scalar s) {
            String w = s.text().toLowerCase(java.util.Locale.ROOT);
            if (allowed.contains(w)) return w;
        }
        throw new SpecException(name + ": '" + key + "' must be one of " + String.join(", ", allowed) + ", got " + v);
    }

    /** A list of finite numbers; a single number counts as a list of one. */
    public double[] getDoubles(String key) {
        require(key);
        Value v = args.get(key);
        if (v instanceof ListValue l) {
            double[] out = new double[l.items().size()];
            for (int i = 0; i < out.length; i++) out[i] = toDouble(key, l.items().get(i));
            return out;
        }
        return new double[] {toDouble(key, v)};
    }

    /** A nested spec; a bare word counts as a spec without arguments. */
    public Spec getSpec(String key) {
        require(key);
        Value v = args.get(key);
        if (v instanceof Nested n) return n.spec();
        if (v instanceof Scalar s && Character.isLetter(s.text().charAt(0))) return Spec.parse(s.text());
        throw new SpecException(name + ": '" + key + "' must be a spec such as cosine(decay_steps=100), got " + v);
    }

    private double toDouble(String key, Value v) {
        if (v instanceof Scalar s) {
            try {
                double d = Double.parseDouble(s.text());
                if (Double.isFinite(d)) return d;
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new SpecException(name + ": '" + key + "' must be a finite number, got " + v);
    }

    @Override public String toString() {
        if (!parenthesized && args.isEmpty()) return name;
        StringBuilder sb = new StringBuilder(name).append('(');
        boolean first = true;
        for (Map.Entry<String, Value> e : args.entrySet()) {
            if (!first) sb.append(',');
            first = false;
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.append(')').toString();
    }

    @Override public boolean equals(Object o) {
        return o instanceof Spec s && s.toString().equals(toString());
    }

    @Override public int hashCode() { return toString().hashCode(); }

    /** Recursive-descent reader over the text; positions in messages are 1-based characters. */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) { this.s = s; }

        boolean atEnd() { return i >= s.length(); }
        char peek() { return s.charAt(i); }

        void skipSpace() {
            while (!atEnd() && Character.isWhitespace(peek())) i++;
        }

        SpecException error(String what) {
            return new SpecException("in '" + s + "' at character " + (i + 1) + ": " + what);
        }

        String ident() {
            skipSpace();
            int start = i;
            while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_')) i++;
            if (start == i || !Character.isLetter(s.charAt(start))) {
                i = start;
                throw error(atEnd() ? "expected a name" : "expected a name, found '" + peek() + "'");
            }
            return s.substring(start, i);
        }

        Spec spec() {
            String name = ident().toLowerCase(java.util.Locale.ROOT);
            skipSpace();
            Map<String, Value> args = new LinkedHashMap<>();
            if (atEnd() || peek() != '(') return new Spec(name, args, false);
            i++;
            skipSpace();
            if (!atEnd() && peek() == ')') {
                i++;
                return new Spec(name, args, true);
            }
            while (true) {
                String key = ident().toLowerCase(java.util.Locale.ROOT);
                skipSpace();
                if (atEnd() || peek() != '=') throw error("expected '=' after '" + key + "'");
                i++;
                if (args.containsKey(key)) throw error("'" + key + "' given twice");
                args.put(key, value());
                skipSpace();
                if (atEnd()) throw error("missing ')'");
                char c = peek();
                i++;
                if (c == ')') return new Spec(name, args, true);
                if (c != ',') {
                    i--;
                    throw error("expected ',' or ')', found '" + c + "'");
                }
            }
        }

        Value value() {
            skipSpace();
            if (atEnd()) throw error("expected a value");
            char c = peek();
            if (c == '[') {
                i++;
                List<Value> items = new ArrayList<>();
                skipSpace();
                if (!atEnd() && peek() == ']') {
                    i++;
                    return new ListValue(List.copyOf(items));
                }
                while (true) {
                    items.add(value());
                    skipSpace();
                    if (atEnd()) throw error("missing ']'");
                    char d = peek();
                    i++;
                    if (d == ']') return new ListValue(List.copyOf(items));
                    if (d != ',') {
                        i--;
                        throw error("expected ',' or ']', found '" + d + "'");
                    }
                }
            }
            if (Character.isLetter(c)) {
                int start = i;
                String word = ident();
                skipSpace();
                if (!atEnd() && peek() == '(') {
                    i = start;
                    return new Nested(spec());
                }
                return new Scalar(word);
            }
            int start = i;
            while (!atEnd() && "+-.0123456789eE".indexOf(peek()) >= 0) i++;
            if (start == i) throw error("expected a value, found '" + c + "'");
            return new Scalar(s.substring(start, i));
        }
    }
}
