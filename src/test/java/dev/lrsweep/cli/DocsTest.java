package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The man pages and completion script the build writes, and the examples in every command's help. */
class DocsTest {
    private static final List<String> COMMANDS = List.of("grid", "random", "find", "run", "check", "merge", "gen");
    /** The only troff requests the pages use. */
    private static final Set<String> REQUESTS = Set.of(".TH", ".SH", ".TP", ".PP", ".nf", ".fi");

    @TempDir
    Path dir;

    @Test
    void everySubcommandPrintsTheVersion() {
        String top = Cli.run("--version").out().strip();
        assertTrue(top.matches("lrsweep \\S+"), top);
        for (String c : new String[] {"grid", "random", "find", "run", "check", "merge", "gen"}) {
            for (String flag : new String[] {"--version", "-V"}) {
                Cli r = Cli.run(c, flag);
                assertEquals(0, r.code(), c + " " + flag);
                assertEquals(top, r.out().strip(), c + " " + flag + " printed nothing or something else");
            }
        }
    }

    @Test
    void helpTakesOneCommandHelpAndTheEndOfOptions() {
        String grid = Cli.run("grid", "--help").out();
        for (String[] args : new String[][] {{"help", "grid"}, {"help", "--", "grid"}, {"help", "grid", "--"}}) {
            Cli r = Cli.run(args);
            assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(grid, r.out(), String.join(" ", args));
        }
        // what it does not take is an error, not the usage with exit 0
        for (String[] args : new String[][] {{"help", "--version"}, {"help", "grid", "find"}, {"help", "grid", "-x"}}) {
            Cli r = Cli.run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertEquals("", r.out());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }

    @Test
    void aManPagePerCommandAndTheCompletionScript() throws IOException {
        List<Path> written = Docs.write(dir);
        for (String c : List.of("lrsweep", "lrsweep-grid", "lrsweep-random", "lrsweep-find", "lrsweep-run",
                "lrsweep-check", "lrsweep-merge", "lrsweep-gen", "lrsweep-help")) {
            assertTrue(written.contains(dir.resolve("man/" + c + ".1")), c);
        }
        assertTrue(written.contains(dir.resolve("completion/lrsweep_completion")));
        assertEquals(10, written.size()); // 9 pages and the completion script
    }

    @Test
    void everyPageListsEveryOptionAndItsExamples() throws IOException {
        Docs.write(dir);
        CommandLine top = Main.commandLine(Interrupt.none());
        for (String c : COMMANDS) {
            String page = Files.readString(dir.resolve("man/lrsweep-" + c + ".1"));
            assertTrue(page.startsWith(".TH \"LRSWEEP-" + c.toUpperCase(java.util.Locale.ROOT) + "\" 1 "), c);
            for (String section : List.of(".SH NAME\nlrsweep\\-" + c + " \\- ", ".SH SYNOPSIS", ".SH OPTIONS",
                    ".SH EXIT STATUS", ".SH SEE ALSO")) {
                assertTrue(page.contains(section), c + " lacks " + section);
            }
            assertTrue(page.contains(".SH EXAMPLE"), c + " has examples");
            for (OptionSpec o : top.getSubcommands().get(c).getCommandSpec().options()) {
                // hidden: the shared flags find refuses, which its page leaves out
                String name = o.longestName().replace("-", "\\-");
                if (o.hidden()) {
                    assertTrue(!page.contains("\\fB" + name), c + " lists the hidden " + o.longestName());
                    continue;
                }
                assertTrue(page.contains(name), c + " lacks " + o.longestName());
            }
            for (String line : page.split("\n")) {
                if (line.startsWith(".") || line.startsWith("'")) {
                    assertTrue(REQUESTS.contains(line.split(" ")[0]), c + ": stray request line: " + line);
                }
            }
        }
    }

    @Test
    void theTopPageListsTheCommands() throws IOException {
        Docs.write(dir);
        String page = Files.readString(dir.resolve("man/lrsweep.1"));
        for (String c : COMMANDS) assertTrue(page.contains(".TP\n\\fB" + c + "\\fR\n"), c);
    }

    @Test
    void theCompletionScriptKnowsEveryCommandAndFlag() throws IOException {
        Docs.write(dir);
        String script = Files.readString(dir.resolve("completion/lrsweep_completion"));
        assertTrue(script.startsWith("#!/usr/bin/env bash"), "a bash script");
        assertTrue(script.contains("complete -F _complete_lrsweep"), "registers the completion function");
        for (String word : List.of("grid", "random", "find", "run", "check", "--expect-best-between",
                "--expect-converged", "--max-best-loss", "--schedule", "--rates")) {
            assertTrue(script.contains(word), word);
        }
    }

    @Test
    void everyCommandsHelpHasExamples() {
        for (String c : COMMANDS) {
            Cli r = Cli.run(c, "--help");
            assertEquals(0, r.code(), c);
            assertTrue(r.out().contains("Example"), c + " --help has no example");
        }
    }
}
