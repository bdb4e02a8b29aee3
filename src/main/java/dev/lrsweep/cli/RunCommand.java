package dev.lrsweep.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code lrsweep run sweep.yaml}: a sweep described in a YAML or JSON file. Keys are the options of
 * the command named by {@code kind} (grid, random or find), without the dashes ({@code batch_size}
 * or {@code batch-size}); options given after the file on the command line override the file's.
 */
@Command(addMethodSubcommands = false, name = "run", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Run a sweep described in a YAML or JSON file; options after the file override it.",
        footer = {"", "Example file (examples/sweeps/apples.yaml):",
            "  kind: grid",
            "  data: ../qiita/apples.csv      # input paths are relative to the file",
            "  target: y",
            "  no_intercept: true",
            "  rates: [0.01, 0.02, 0.03]",
            "  optimizer: [sgd, \"sgd(momentum=0.5)\"]",
            "  batch_size: [1, 3]",
            "  steps: 100",
            "  quiet: true",
            "", "  lrsweep run examples/sweeps/apples.yaml --steps 50 --json out.json"})
final class RunCommand implements Callable<Integer> {
    private static final List<String> KINDS = List.of("grid", "random", "find");
    private static final Set<String> INPUT_PATHS = Set.of("--data", "--val");
    /** The largest sweep file read; anything bigger is not a hand-written sweep. */
    private static final long MAX_BYTES = 1 << 20;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    Main parent;

    @Parameters(index = "0", paramLabel = "FILE", description = "The sweep file (.yaml, .yml or .json).")
    Path file;

    @Unmatched
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            for (String o : overrides) {
                String l = o.toLowerCase(Locale.ROOT);
                if ((l.endsWith(".yaml") || l.endsWith(".yml") || l.endsWith(".json")) && Files.isRegularFile(Path.of(o))) {
                    throw new UsageException("the sweep file comes first, then the flags that override it: "
                            + "lrsweep run " + o + " [flags]");
                }
            }
            throw new UsageException(name + (Files.isDirectory(file) ? ": is a directory, not a sweep file"
                    : Files.exists(file) ? ": not a regular file (a sweep file is read from disk)" : ": no such file"));
        }
        if (Files.size(file) > MAX_BYTES) throw new UsageException(name + ": larger than 1 MiB; not a sweep file");
        boolean json = name.toLowerCase(Locale.ROOT).endsWith(".json");
        // the YAML reader takes UTF-8 only: a UTF-16 or UTF-32 file (a byte-order mark, or zero bytes
        // in ASCII text) would get the reader's words about its own exception or a character. JSON's
        // reader detects those encodings itself, and reads the rest as UTF-8: a byte UTF-8 does not
        // allow (Latin-1 text) is placed here for both
        String notUtf8 = notUtf8(name, json);
        if (notUtf8 != null) throw new UsageException(notUtf8);
        if (!json) refuseYamlTheReaderWouldMisread(name);
        JsonFactory factory = json ? new JsonFactory() : new YAMLFactory();
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (JsonParser p = factory.createParser(file.toFile())) {
            try {
                readEntries(p, name, entries);
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                // placed while the reader is still open: a read limit's error has no location of its own
                throw readError(name, e, p);
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw readError(name, e, null);
        }
        Entry kindEntry = entries.remove("kind");
        if (kindEntry == null) throw new UsageException(name + ": 'kind' is required (one of " + String.join(", ", KINDS) + ")");
        String kind = kindEntry.value.asText();
        if (!kindEntry.value.isTextual() || !KINDS.contains(kind)) {
            throw new UsageException(name + ":" + kindEntry.line + ": key 'kind': expected one of "
                    + String.join(", ", KINDS) + ", got " + kindEntry.value);
        }
        CommandLine.Model.CommandSpec target = Main.commandLine(Interrupt.none(), kind).getSubcommands().get(kind).getCommandSpec();
        Set<String> overridden = optionNames(overrides, target);
        List<String> args = new ArrayList<>();
        args.add(kind);
        Path base = file.toAbsolutePath().getParent();
        Map<String, String> origins = new java.util.HashMap<>();
        origins.put(Main.SWEEP_FILE_KEY, name);
        Set<String> given = new HashSet<>(overridden);
        for (Entry e : entries.values()) {
            String flag = "--" + e.key.replace('_', '-');
            OptionSpec option = target.findOption(flag);
            if (option == null || option.usageHelp() || option.versionHelp()) {
                throw new UsageException(name + ":" + e.line + ": unknown key '" + e.key + "' for kind " + kind);
            }
            given.add(option.longestName());
            if (overridden.contains(option.longestName())) continue;
            args.addAll(toArgs(name, e, option, INPUT_PATHS.contains(option.longestName()) ? base : null));
            for (String n : option.names()) origins.put(n, name + ":" + e.line + ": key '" + e.key + "'");
        }
        // required options neither in the file nor among the flags: say so in the file's terms
        List<String> missing = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        for (OptionSpec option : target.options()) {
            if (option.required() && option.group() == null && !given.contains(option.longestName())) {
                missing.add("'" + option.longestName().substring(2).replace('-', '_') + "'");
                flags.add(option.longestName());
            }
        }
        if (missing.size() == 1) {
            throw new UsageException(name + ": key " + missing.get(0) + " is required for kind " + kind + " (or give "
                    + flags.get(0) + " after the file)");
        }
        if (!missing.isEmpty()) {
            throw new UsageException(name + ": keys " + String.join(", ", missing) + " are required for kind " + kind
                    + " (or give " + String.join(", ", flags) + " after the file)");
        }
        args.addAll(overrides);
        refuseOverwritingTheSweepFile(args, target);
        return Main.run(spec.commandLine().getOut(), spec.commandLine().getErr(), parent.interrupt(), origins,
                args.toArray(new String[0]));
    }

    /** Fails when an output (from the file or the command line) names the sweep file itself. */
    private void refuseOverwritingTheSweepFile(List<String> args, CommandLine.Model.CommandSpec target) {
        Path self = OutputOptions.identity(file);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String flag = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            OptionSpec o = a.startsWith("--") ? target.findOption(flag) : null;
            if (o == null || !OutputOptions.OUTPUT_FLAGS.contains(o.longestName())) continue;
            String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : i + 1 < args.size() ? args.get(i + 1) : null;
            if (value == null || value.isEmpty()) continue;
            if (OutputOptions.identity(Path.of(value)).equals(self)) {
                throw new UsageException(o.longestName() + ": " + value + " is also the sweep file; it would be overwritten");
            }
        }
    }

    private record Entry(String key, int line, JsonNode value) {
    }

    /** Reads the sweep file's one mapping into {@code entries}, refusing a key given twice. */
    private static void readEntries(JsonParser p, String name, Map<String, Entry> entries) throws IOException {
        p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new UsageException(name + ":" + p.getTokenLocation().getLineNr() + ": expected a mapping of option names to values");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int line = p.getTokenLocation().getLineNr();
            p.nextToken();
            JsonNode value = dev.lrsweep.report.JsonTrees.read(p);
            // batch-size and batch_size are one key: a second spelling is a duplicate too
            Entry before = entries.put(key.replace('-', '_'), new Entry(key, line, value));
            if (before != null) {
                throw new UsageException(name + ":" + line + ": duplicate key '" + key + "' (also '" + before.key
                        + "' on line " + before.line + ")");
            }
        }
        // one mapping and nothing after it (a YAML second document is refused above)
        if (p.nextToken() != null) {
            throw new UsageException(name + ":" + p.getTokenLocation().getLineNr() + ": content after the sweep's mapping");
        }
    }

    /**
     * The one-line error for what the YAML or JSON reader refused, at its line: a key given twice in
     * this file's terms; a read limit (nesting over 1000 levels, a number over 1000 digits) with its
     * figures, less the setting's name.
     */
    private static UsageException readError(String name, com.fasterxml.jackson.core.JacksonException e, JsonParser p) {
        String m = Main.oneLine(e.getOriginalMessage());
        java.util.regex.Matcher dup = java.util.regex.Pattern.compile("^Duplicate field '(.*)'$").matcher(m);
        if (dup.matches()) m = "duplicate key '" + dup.group(1) + "'";
        if (e.getLocation() == null) m = m.replaceFirst(", from `[^`]*`\\)", ")");
        return new UsageException(name + ":" + line(e, p) + ": " + m);
    }

    /** The line of a reader's error: its own, else where the reader was (0 when it never started). */
    private static int line(com.fasterxml.jackson.core.JacksonException e, JsonParser p) {
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) return e.getLocation().getLineNr();
        if (p == null) return 0;
        com.fasterxml.jackson.core.JsonLocation at = p.currentLocation();
        if (at == null || at.getLineNr() < 1) at = p.currentTokenLocation();
        return at == null ? 0 : Math.max(at.getLineNr(), 0);
    }

    /**
     * What is wrong when the sweep file is not UTF-8 text, placed at its line, or null when it is:
     * UTF-16 or UTF-32 (a byte-order mark, or zero bytes, which no YAML text holds; for JSON, which
     * may be in those, null), or a byte that UTF-8 does not allow there (Latin-1 text, say). The
     * file is at most {@link #MAX_BYTES}.
     */
    private String notUtf8(String name, boolean json) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int n = b.length;
        int b0 = n > 0 ? b[0] & 0xFF : -1;
        int b1 = n > 1 ? b[1] & 0xFF : -1;
        boolean bom32 = n >= 4 && ((b0 == 0 && b1 == 0 && (b[2] & 0xFF) == 0xFE && (b[3] & 0xFF) == 0xFF)
                || (b0 == 0xFF && b1 == 0xFE && b[2] == 0 && b[3] == 0));
        String why = bom32 ? "UTF-32, by its byte-order mark"
                : (b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF) ? "UTF-16, by its byte-order mark" : null;
        for (int i = 0; why == null && i < n; i++) {
            if (b[i] == 0) why = "a zero byte: UTF-16 or UTF-32, or not text";
        }
        if (why != null) return json ? null : name + ":1: not UTF-8 text (" + why + "); save it as UTF-8";
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(b);
        java.nio.charset.CoderResult r = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                .decode(in, java.nio.CharBuffer.allocate(n), true);
        if (!r.isError()) return null;
        int at = in.position();
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (b[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        // the column in characters: the line's bytes before the bad one are UTF-8
        int column = new String(b, lineStart, at - lineStart, java.nio.charset.StandardCharsets.UTF_8).length() + 1;
        return String.format(Locale.ROOT, "%s:%d:%d: not UTF-8 text (byte 0x%02X); save it as UTF-8", name, line,
                column, b[at] & 0xFF);
    }

    /**
     * YAML the option reader would take wrongly, refused with its line: an alias ({@code *name}),
     * which Jackson hands on as the alias's name (never expanded, so no alias bomb either), and a
     * second document after {@code ---}, which it ignores. Syntax errors are left to the reader,
     * which places them.
     */
    private void refuseYamlTheReaderWouldMisread(String name) throws IOException {
        int documents = 0;
        try (java.io.Reader r = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            for (org.yaml.snakeyaml.events.Event ev : new org.yaml.snakeyaml.Yaml().parse(r)) {
                int line = ev.getStartMark() == null ? 0 : ev.getStartMark().getLine() + 1;
                if (ev instanceof org.yaml.snakeyaml.events.AliasEvent a) {
                    throw new UsageException(name + ":" + line + ": YAML aliases (*" + a.getAnchor()
                            + ") are not supported in sweep files; write the value out");
                }
                if (ev instanceof org.yaml.snakeyaml.events.DocumentStartEvent && ++documents > 1) {
                    throw new UsageException(name + ":" + line + ": a second YAML document; a sweep file holds one");
                }
            }
        } catch (org.yaml.snakeyaml.error.YAMLException | java.nio.charset.CharacterCodingException e) {
            // the reader below reports it, with its place
        }
    }

    /** The long names of the options the command-line overrides name. */
    private static Set<String> optionNames(List<String> args, CommandLine.Model.CommandSpec target) {
        Set<String> out = new HashSet<>();
        for (String a : args) {
            if (!a.startsWith("-")) continue;
            String flag = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            OptionSpec o = target.findOption(flag);
            if (o != null) out.add(o.longestName());
        }
        return out;
    }

    private static List<String> toArgs(String file, Entry e, OptionSpec option, Path base) {
        String flag = option.longestName();
        String where = file + ":" + e.line + ": key '" + e.key + "': ";
        List<String> out = new ArrayList<>();
        Class<?> type = option.isMultiValue() ? option.auxiliaryTypes()[0] : option.type();
        boolean flagOnly = option.arity().max() == 0;
        if (flagOnly) {
            if (!e.value.isBoolean()) throw new UsageException(where + "expected true or false, got " + e.value);
            if (e.value.asBoolean()) out.add(flag);
            return out;
        }
        List<JsonNode> items = new ArrayList<>();
        if (e.value.isArray()) {
            if (!option.isMultiValue()) throw new UsageException(where + "expected one value, got a list");
            if (e.value.isEmpty()) throw new UsageException(where + "an empty list; give at least one value, or leave the key out");
            e.value.forEach(items::add);
        } else {
            items.add(e.value);
        }
        for (JsonNode v : items) out.add(flag + "=" + scalar(where, v, type, base));
        return out;
    }

    private static String scalar(String where, JsonNode v, Class<?> type, Path base) {
        if (v.isNull()) throw new UsageException(where + "a value is required");
        if (v.isContainerNode()) throw new UsageException(where + "expected a single value, got " + v);
        boolean numeric = type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == double.class || type == Double.class;
        boolean whole = type == int.class || type == Integer.class || type == long.class || type == Long.class;
        if (numeric && !v.isNumber()) throw new UsageException(where + "expected a number, got " + v);
        if (whole && !v.canConvertToExactIntegral()) throw new UsageException(where + "expected a whole number, got " + v);
        if ((type == boolean.class || type == Boolean.class) && !v.isBoolean()) {
            throw new UsageException(where + "expected true or false, got " + v);
        }
        // a whole number written 1e2 is 100.0 to the YAML reader: handed on as 100
        String text = whole ? v.decimalValue().toBigInteger().toString()
                : v.isNumber() ? v.numberValue().toString() : v.asText();
        if (base != null && type == Path.class) {
            Path p = Path.of(text);
            if (!p.isAbsolute()) text = base.resolve(p).normalize().toString();
        }
        return text;
    }
}
