package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every bad input gives one line on stderr naming the file, line and column (or the flag), exit
 * code 2, no stack trace, and no output file.
 */
class BadInputTest {
    @TempDir
    Path dir;

    private Cli gridOn(String csv, String... extra) throws Exception {
        Path f = dir.resolve("d.csv");
        Files.writeString(f, csv, StandardCharsets.UTF_8);
        Path json = dir.resolve("out.json");
        String[] base = {"grid", "--rates", "0.01", "--data", f.toString(), "--json", json.toString()};
        Cli r = Cli.run(ReferenceExperimentTest.concat(base, extra));
        assertFalse(Files.exists(json), "no output file on failure");
        return r;
    }

    private static void assertOneLineError(Cli r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("Exception"), "no stack trace: " + err);
        assertTrue(err.contains(expected), "expected '" + expected + "' in: " + err);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "non-numeric cell        | `x,y\n1,2\n3,abc\n`      | d.csv:3:2: 'abc' is not a number (column y)",
        "NaN cell                | `x,y\n1,2\nNaN,4\n`      | d.csv:3:1: 'NaN' is not a finite number (column x)",
        "infinite cell           | `x,y\n1,Infinity\n`      | d.csv:2:2: 'Infinity' is not a finite number (column y)",
        "overflowing cell        | `x,y\n1,1e999\n`         | d.csv:2:2: '1e999' is out of range (column y)",
        "empty cell              | `x,y\n1,\n`              | d.csv:2:2: empty cell (column y)",
        "ragged row              | `x,y\n1,2\n3\n`          | d.csv:3:2: expected 2 fields, found 1",
        "long row                | `x,y\n1,2,3\n`           | d.csv:2:3: expected 2 fields, found 3",
        "empty file              | ``                       | d.csv: the file is empty",
        "blank file              | `\n\n`                   | d.csv: the file is empty",
        "header only             | `x,y\n`                  | d.csv: no data rows after the header",
        "duplicate column        | `x,x,y\n1,2,3\n`         | d.csv:1:2: duplicate column name 'x'",
        "empty column name       | `x,,y\n1,2,3\n`          | d.csv:1:2: empty column name",
        "single column           | `y\n1\n`                 | needs at least two columns",
        "unterminated quote      | `x,y\n1,\"2\n`           | d.csv:2:2: malformed CSV: a quoted field is never closed",
        "hex is not a number     | `x,y\n0x10,2\n`          | d.csv:2:1: '0x10' is not a number (column x)",
        "line after quoted break | `x,y\n\"1\",2\n3,z\n`    | d.csv:3:2: 'z' is not a number (column y)",
    })
    void badCsv(String name, String csv, String expected) throws Exception {
        assertOneLineError(gridOn(csv.replace("\\n", "\n").replace("\\\"", "\"")), expected);
    }

    @Test
    void lineNumbersCountQuotedLineBreaks() throws Exception {
        // the quoted header cell spans two lines, so the bad cell is on line 4
        assertOneLineError(gridOn("\"x\nlong\",y\n1,2\n3,bad\n"), "d.csv:4:2: 'bad' is not a number");
    }

    @Test
    void unknownTarget() throws Exception {
        assertOneLineError(gridOn("x,y\n1,2\n", "--target", "z"), "--target: no column 'z' in");
    }

    @Test
    void unknownFeature() throws Exception {
        assertOneLineError(gridOn("x,y\n1,2\n", "--features", "w"), "--features: no column 'w'");
    }

    @Test
    void duplicateFeature() throws Exception {
        assertOneLineError(gridOn("x,w,y\n1,2,3\n", "--features", "x,x"), "--features: 'x' is listed twice");
    }

    @Test
    void targetAmongFeatures() throws Exception {
        assertOneLineError(gridOn("x,y\n1,2\n", "--features", "x,y"), "--features: 'y' is the target");
    }

    @Test
    void missingFile() {
        Cli r = Cli.run("grid", "--rates", "0.01", "--data", dir.resolve("nope.csv").toString());
        assertOneLineError(r, "nope.csv: no such file");
    }

    @Test
    void directoryAsData() {
        assertOneLineError(Cli.run("grid", "--rates", "0.01", "--data", dir.toString()), "is a directory");
    }

    @Test
    void invalidUtf8() throws Exception {
        Path f = dir.resolve("bin.csv");
        Files.write(f, new byte[] {'x', ',', 'y', '\n', '1', ',', (byte) 0xff, '\n'});
        assertOneLineError(Cli.run("grid", "--rates", "0.01", "--data", f.toString()), "bin.csv:2: not valid UTF-8");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown flag       | --frobnicate                  | Unknown option: '--frobnicate'",
        "rate not a number  | --rates=abc                   | --rates",
        "negative rate      | --rates=-0.1                  | --rates: every rate must be a finite number > 0",
        "zero rate          | --rates=0                     | --rates: every rate must be a finite number > 0",
        "infinite rate      | --rates=Infinity              | --rates: every rate must be a finite number > 0",
        "zero steps         | --steps=0                     | --steps: must be at least 1",
        "steps not a number | --steps=ten                   | --steps",
        "zero log-every     | --log-every=0                 | --log-every: must be at least 1",
        "zero jobs          | --jobs=0                      | --jobs: must be at least 1",
        "bad tol            | --tol=-1                      | --tol: must be a finite number > 0",
        "bad delimiter      | --delimiter=ab                | --delimiter: must be one character",
        "bad format         | --format=xml                  | --format",
        "json into nowhere  | --json=/nonexistent/dir/o.json | --json: no such directory",
    })
    void badFlags(String name, String flag, String expected) throws Exception {
        Path f = dir.resolve("ok.csv");
        Files.writeString(f, "x,y\n1,2\n2,4\n");
        Cli r = Cli.run("grid", "--rates", "0.01", "--data", f.toString(), flag);
        assertOneLineError(r, expected);
    }

    @Test
    void missingRequiredOptions() {
        assertOneLineError(Cli.run("grid", "--rates", "0.1"), "Missing required option: '--data=FILE'");
    }

    @Test
    void noSubcommand() {
        assertEquals(2, Cli.run().code());
        assertOneLineError(Cli.run("frob"), "Unmatched argument");
    }

    @Test
    void debugShowsTheStackTrace() {
        Cli r = Cli.run("grid", "--rates", "0.01", "--data", dir.resolve("nope.csv").toString(), "--debug");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("DataException"), r.err());
    }
}
