package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.data.CsvOptions;
import dev.lrsweep.data.CsvReader;
import dev.lrsweep.data.Dataset;
import dev.lrsweep.data.Generator;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code lrsweep gen}, driven through its own picocli command line with the error handling of
 * {@link Main#run} (usage errors: one line, exit code 2).
 */
class GenCommandTest {
    @TempDir
    Path dir;

    private static Cli gen(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out);
        PrintWriter e = new PrintWriter(err);
        CommandLine cl = new CommandLine(new GenCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(o);
        cl.setErr(e);
        cl.setParameterExceptionHandler((ex, a) -> {
            e.println("gen: " + ex.getMessage());
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (!(ex instanceof UsageException)) throw ex;
            e.println("gen: " + ex.getMessage());
            return ExitCodes.USAGE;
        });
        int code = cl.execute(args);
        o.flush();
        e.flush();
        return new Cli(code, out.toString(), err.toString());
    }

    private static String generated(int features, long seed, double noise, Generator.Model model, long rows)
            throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Generator.of(features, seed, noise, model).write(rows, b);
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void writesTheGeneratorsCsvToStdoutAndTheTruthToStderr() throws Exception {
        Cli r = gen("--rows", "50", "--features", "3", "--seed", "9", "--noise", "0.25");
        assertEquals(0, r.code(), r.err());
        assertEquals(generated(3, 9, 0.25, Generator.Model.LINEAR, 50), r.out());
        String truth = Generator.of(3, 9, 0.25, Generator.Model.LINEAR).truth().toString();
        assertEquals("gen: linear model, 50 rows x 3 features, seed 9, noise 0.25: " + truth, r.err().strip());
        assertTrue(truth.matches("a1=\\S+, a2=\\S+, a3=\\S+, b=\\S+"), truth);
    }

    @Test
    void defaults() throws Exception {
        Cli r = gen("-q");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertEquals(generated(2, 1, 0.1, Generator.Model.LINEAR, 1000), r.out());
    }

    @Test
    void outWritesTheFileAtomicallyAndLeavesNothingElse() throws Exception {
        Path f = dir.resolve("d.csv");
        Files.writeString(f, "old");
        Cli r = gen("--rows", "20000", "--features", "4", "--model", "LOGISTIC", "--out", f.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains("logistic model, 20000 rows x 4 features") && r.err().contains("-> " + f), r.err());
        assertEquals(generated(4, 1, 0.1, Generator.Model.LOGISTIC, 20_000), Files.readString(f));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "no temporary file left");
        }
        Dataset d = CsvReader.read(f, CsvOptions.defaults().withLabels(true));
        assertEquals(20_000, d.rows());
        assertEquals(List.of("x1", "x2", "x3", "x4"), d.featureNames());
        assertEquals(List.of("0", "1"), d.classLabels());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--rows=0             | gen: --rows: must be at least 1, got 0",
        "--rows=-5            | gen: --rows: must be at least 1, got -5",
        "--features=0         | gen: --features: must be at least 1, got 0",
        "--features=100001    | gen: --features: at most 100000, got 100001",
        "--noise=-0.5         | gen: --noise: must be a number from 0 to 1e300, got -0.5",
        "--noise=NaN          | gen: --noise: must be a number from 0 to 1e300, got NaN",
        "--noise=Infinity     | gen: --noise: must be a number from 0 to 1e300, got Infinity",
        "--noise=1e308        | gen: --noise: must be a number from 0 to 1e300, got 1.0E308",
        "--out=/nonexistent/dir/d.csv | gen: --out: no such directory: /nonexistent/dir",
        "--model=quadratic    | --model",
        "--rows=many          | --rows",
    })
    void usageErrorsNameTheFlag(String flag, String expected) {
        Cli r = gen(flag);
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), err);
        assertTrue(err.contains(expected), "expected '" + expected + "' in: " + err);
    }

    @Test
    void anOutputThatIsADirectoryIsRefused() {
        Cli r = gen("--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--out: is a directory"), r.err());
    }
}
