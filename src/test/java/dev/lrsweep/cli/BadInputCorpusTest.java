package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the bad-input corpus in {@code src/test/resources/bad-input/}: one folder per case, holding
 * {@code args} (one argument a line; {@code @DIR@} stands for the case's folder, {@code @TMP@} for
 * an empty temporary folder), {@code expected} (first line the exit code, second a text the error
 * line must contain) and whatever input files the arguments name.
 *
 * <p>Each case must end with that exit code, nothing on stdout, exactly one non-empty line on
 * stderr containing the text, no exception name or stack trace, within ten seconds, and without
 * writing the file its {@code --json} names. The cases and their messages were taken from the
 * built jar run by hand; see {@code bad-input/README.md}.
 */
class BadInputCorpusTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> corpus() throws IOException, URISyntaxException {
        URL root = BadInputCorpusTest.class.getResource("/bad-input");
        Path dir = Path.of(root.toURI());
        List<Path> cases;
        try (Stream<Path> s = Files.list(dir)) {
            cases = s.filter(Files::isDirectory).sorted(Comparator.comparing(Path::toString)).toList();
        }
        assertTrue(cases.size() >= 40, "the corpus has at least 40 cases, found " + cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> run(c)));
    }

    private void run(Path dir) throws IOException {
        List<String> expected = Files.readAllLines(dir.resolve("expected"), StandardCharsets.UTF_8);
        int code = Integer.parseInt(expected.get(0).strip());
        String text = expected.get(1);
        Path scratch = Files.createTempDirectory(tmp, dir.getFileName().toString());
        List<String> args = new ArrayList<>();
        for (String a : Files.readAllLines(dir.resolve("args"), StandardCharsets.UTF_8)) {
            args.add(a.replace("@DIR@", dir.toString()).replace("@TMP@", scratch.toString()));
        }
        Path json = jsonTarget(args);
        boolean jsonExisted = json != null && Files.exists(json);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int actual = assertTimeoutPreemptively(LIMIT,
                () -> Main.run(new PrintWriter(out), new PrintWriter(err), args.toArray(new String[0])));
        String e = err.toString();
        assertEquals(code, actual, e);
        assertEquals("", out.toString(), "nothing on stdout");
        List<String> lines = e.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "exactly one line on stderr: " + e);
        assertTrue(lines.get(0).contains(text), "expected '" + text + "' in: " + lines.get(0));
        assertFalse(e.contains("Exception") || e.contains("\tat "), "no stack trace: " + e);
        if (json != null && !jsonExisted) assertFalse(Files.exists(json), "no output file: " + json);
    }

    /** The file after --json, or null. */
    private static Path jsonTarget(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--json=")) return Path.of(a.substring("--json=".length()));
            if (a.equals("--json") && i + 1 < args.size()) return Path.of(args.get(i + 1));
        }
        return null;
    }
}
