package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Fuzzes the sweep-file reader of {@code lrsweep run}: whatever the file holds, the command ends
 * with exit code 2 and an {@code lrsweep ...:} error line, never an internal error. Every input
 * runs with {@code --data} pointing at a file that does not exist, so a sweep file that reads well
 * stops at the data, before anything trains or any output file could be written.
 *
 * <p>The first input byte chooses the reader (even: YAML, odd: JSON); the rest is the file.
 *
 * <p>Plain {@code mvn test} runs the inputs in
 * {@code src/test/resources/dev/lrsweep/cli/SweepFileFuzzTestInputs/sweepFile/} once each
 * (Jazzer's regression mode, offline, a few seconds). To fuzz for real for up to a minute:
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=SweepFileFuzzTest -Djazzer.hooks=true}.
 */
class SweepFileFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void sweepFile(byte[] input) throws IOException {
        boolean json = input.length > 0 && (input[0] & 1) == 1;
        byte[] content = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        Path dir = Files.createTempDirectory("sweep-fuzz");
        try {
            Path file = dir.resolve(json ? "sweep.json" : "sweep.yaml");
            Files.write(file, content);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new PrintWriter(out), new PrintWriter(err), "run", file.toString(),
                    "--data=" + dir.resolve("missing.csv"));
            String e = err.toString();
            // the message may quote the file, so "internal error" is looked for only where Main puts it
            assertFalse(e.matches("(?s)lrsweep \\w+: internal error.*"), e);
            assertEquals(2, code, e);
            assertTrue(e.startsWith("lrsweep "), e);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }
}
