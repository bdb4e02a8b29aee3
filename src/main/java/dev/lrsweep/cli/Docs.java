package dev.lrsweep.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes lrsweep's manual pages (troff, one per command: {@code man/lrsweep.1},
 * {@code man/lrsweep-grid.1}, ...) and its bash/zsh completion script
 * ({@code completion/lrsweep_completion}, picocli's {@link AutoComplete}) from the same picocli
 * model that prints {@code --help}, so the three never disagree. The build runs it at
 * {@code package} time (exec-maven-plugin); by hand:
 * {@code java -cp target/lrsweep.jar dev.lrsweep.cli.Docs target}.
 *
 * <p>The pages are written directly rather than through picocli-codegen's AsciiDoc and Asciidoctor,
 * which would add a JRuby start to every build.
 */
public final class Docs {
    /** A footer paragraph whose first line is a heading such as {@code Examples:}. */
    private static final Pattern HEADING = Pattern.compile("([A-Z][A-Za-z ]{1,30}?)( \\(.*\\))?:\\s*(.*)");

    private Docs() {
    }

    /**
     * Writes the pages and the completion script.
     *
     * @param args one argument: the directory to write {@code man/} and {@code completion/} into
     * @throws IOException when a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: Docs OUTPUT_DIRECTORY");
        write(Path.of(args[0]));
    }

    /**
     * Writes {@code man/*.1} and {@code completion/lrsweep_completion} under {@code dir}.
     *
     * @return the files written
     * @throws IOException when a file cannot be written
     */
    public static List<Path> write(Path dir) throws IOException {
        CommandLine top = Main.commandLine(Interrupt.none());
        List<Path> written = new ArrayList<>();
        Path man = Files.createDirectories(dir.resolve("man"));
        written.add(writeText(man.resolve("lrsweep.1"), manPage(top)));
        for (Map.Entry<String, CommandLine> e : top.getSubcommands().entrySet()) {
            if (e.getValue().getCommandSpec().usageMessage().hidden()) continue;
            written.add(writeText(man.resolve("lrsweep-" + e.getKey() + ".1"), manPage(e.getValue())));
        }
        Path completion = Files.createDirectories(dir.resolve("completion"));
        written.add(writeText(completion.resolve("lrsweep_completion"), AutoComplete.bash("lrsweep", top)));
        return written;
    }

    private static Path writeText(Path file, String text) throws IOException {
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** The troff source of one command's manual page. */
    static String manPage(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        Help help = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF));
        String name = spec.qualifiedName("-");
        StringBuilder t = new StringBuilder();
        t.append(".TH \"").append(name.toUpperCase(Locale.ROOT)).append("\" 1 \"\" \"lrsweep ")
                .append(esc(Main.version())).append("\" \"lrsweep manual\"\n");
        String description = prose(spec.usageMessage().description());
        t.append(".SH NAME\n").append(esc(name)).append(" \\- ").append(esc(firstSentence(description))).append('\n');
        t.append(".SH SYNOPSIS\n.nf\n").append(escLines(help.synopsis(0).strip())).append("\n.fi\n");
        t.append(".SH DESCRIPTION\n").append(escLine(description)).append('\n');
        if (!spec.subcommands().isEmpty()) {
            t.append(".SH COMMANDS\n");
            for (Map.Entry<String, CommandLine> e : spec.subcommands().entrySet()) {
                CommandSpec sub = e.getValue().getCommandSpec();
                if (sub.usageMessage().hidden()) continue;
                String[] d = sub.usageMessage().description();
                t.append(".TP\n\\fB").append(esc(e.getKey())).append("\\fR\n")
                        .append(esc(prose(d))).append('\n');
            }
        }
        List<PositionalParamSpec> params = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!params.isEmpty()) {
            t.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : params) {
                t.append(".TP\n\\fI").append(esc(p.paramLabel())).append("\\fR\n")
                        .append(esc(prose(p.description()))).append('\n');
            }
        }
        t.append(".SH OPTIONS\n");
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) continue;
            String label = help.parameterLabelRenderer().renderParameterLabel(o, Help.Ansi.OFF, List.of()).toString();
            t.append(".TP\n\\fB").append(esc(String.join(", ", o.names()))).append("\\fR")
                    .append(esc(label)).append('\n')
                    .append(esc(prose(o.description()))).append('\n');
        }
        boolean exitCodes = false;
        boolean open = false;
        for (List<String> paragraph : paragraphs(spec.usageMessage().footer())) {
            Matcher m = HEADING.matcher(paragraph.get(0));
            boolean indented = paragraph.stream().anyMatch(l -> l.startsWith("  "));
            List<String> body = paragraph;
            if (m.matches()) {
                String heading = m.group(1).toUpperCase(Locale.ROOT);
                if (heading.equals("EXIT CODES")) {
                    heading = "EXIT STATUS";
                    exitCodes = true;
                }
                t.append(".SH ").append(heading).append('\n');
                body = new ArrayList<>();
                if (m.group(2) != null) body.add(m.group(2).strip().replaceAll("^\\((.*)\\)$", "$1:"));
                if (!m.group(3).isEmpty()) body.add(m.group(3));
                body.addAll(paragraph.subList(1, paragraph.size()));
            } else if (!(indented && open)) {
                t.append(".SH NOTES\n");
            } else {
                t.append(".PP\n");
            }
            open = true;
            if (indented) t.append(".nf\n");
            for (String line : body) t.append(escLine(line)).append('\n');
            if (indented) t.append(".fi\n");
        }
        if (!exitCodes) {
            t.append(".SH EXIT STATUS\n0 success, 1 internal error, 2 bad usage or bad input, 3 a CI gate tripped.\n");
        }
        t.append(".SH SEE ALSO\n");
        List<String> others = new ArrayList<>();
        CommandSpec root = spec.root();
        others.add("lrsweep(1)");
        for (String sub : root.subcommands().keySet()) others.add("lrsweep-" + sub + "(1)");
        others.remove(name + "(1)");
        t.append(esc(String.join(", ", others))).append('\n');
        return t.toString();
    }

    /**
     * Footer lines grouped into paragraphs at blank lines; lines as written, not wrapped, with
     * picocli's format escapes ({@code %n}, {@code %%}) applied.
     */
    private static List<List<String>> paragraphs(String[] footer) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (String f : footer) lines.addAll(List.of(f.replace("%%", "%").split("%n", -1)));
        for (String line : lines) {
            if (line.isBlank()) {
                if (!current.isEmpty()) out.add(current);
                current = new ArrayList<>();
            } else {
                current.add(line.stripTrailing());
            }
        }
        if (!current.isEmpty()) out.add(current);
        return out;
    }

    /** Description lines as one paragraph, picocli's {@code %n} and {@code %%} applied. */
    private static String prose(String[] lines) {
        return String.join(" ", lines).replace("%n", " ").replace("%%", "%").replaceAll("\\s+", " ").strip();
    }

    private static String firstSentence(String s) {
        int dot = s.indexOf(". ");
        return (dot < 0 ? s : s.substring(0, dot)).replaceAll("\\.$", "");
    }

    private static String escLines(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\\R")) {
            if (sb.length() > 0) sb.append('\n');
            sb.append(escLine(line));
        }
        return sb.toString();
    }

    /** A line of text: control characters at the start of a line are protected. */
    private static String escLine(String line) {
        String s = esc(line);
        return s.startsWith(".") || s.startsWith("'") ? "\\&" + s : s;
    }

    /** Escapes troff's backslash and makes hyphens real minus signs, as options need. */
    private static String esc(String s) {
        return s.replace("\\", "\\e").replace("-", "\\-");
    }
}
