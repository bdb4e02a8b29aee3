package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    @TempDir
    Path dir;

    Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    static String apples() {
        return Path.of("examples/qiita/apples.csv").toAbsolutePath().toString();
    }

    @Test
    void yamlSweepRunsAndTheCommandLineOverridesIt() throws Exception {
        Path f = write("s.yaml", "kind: grid\ndata: " + apples() + "\nno_intercept: true\nrates: [0.01, 0.02]\n"
                + "optimizer: [sgd, \"sgd(momentum=0.5)\"]\nsteps: 7\n");
        Cli r = Cli.run("run", f.toString(), "--steps", "3", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(4, j.get("trials").size());
        assertEquals(3, j.get("trials").get(0).get("steps_run").asInt());
        assertEquals("sgd(momentum=0.5)", j.get("trials").get(3).get("optimizer").asText());
    }

    @Test
    void anOutputNamingTheSweepFileIsRefusedAndTheFileKept() throws Exception {
        String text = "kind: grid\ndata: " + apples() + "\nno_intercept: true\nrates: [0.01]\nsteps: 2\n";
        Path f = write("s.yaml", text);
        for (String flag : new String[] {"--json", "--csv", "--results", "--plot"}) {
            Cli r = Cli.run("run", f.toString(), flag, f.toString());
            assertEquals(2, r.code(), flag + ": " + r.err());
            assertEquals("lrsweep run: " + flag + ": " + f + " is also the sweep file; it would be overwritten",
                    r.err().strip());
            assertEquals(text, Files.readString(f));
        }
        // also when the file names itself, and through another spelling of the path
        Path g = write("t.yaml", text + "json: " + dir.resolve("t.yaml") + "\n");
        Cli r = Cli.run("run", g.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("is also the sweep file"), r.err());
        Cli s = Cli.run("run", f.toString(), "--json=" + dir.resolve(".").resolve("s.yaml"));
        assertEquals(2, s.code(), s.err());
        assertEquals(text, Files.readString(f));
    }

    @Test
    void yamlTheReaderWouldMisreadIsRefused() throws Exception {
        Path empty = write("e.yaml", "kind: grid\ndata: " + apples() + "\nrates: []\n");
        Cli r = Cli.run("run", empty.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("e.yaml:3: key 'rates': an empty list"), r.err());
        Path two = write("d.yaml", "kind: grid\ndata: " + apples() + "\nrates: [0.01]\n---\nsteps: 5\n");
        Cli d = Cli.run("run", two.toString());
        assertEquals(2, d.code());
        assertTrue(d.err().contains("d.yaml:4: a second YAML document"), d.err());
        // 1e2 is a whole number: 100 steps, as written
        Path sci = write("n.yaml", "kind: grid\ndata: " + apples() + "\nno_intercept: true\nrates: [0.01]\nsteps: 1e2\n"
                + "format: json\n");
        Cli n = Cli.run("run", sci.toString());
        assertEquals(0, n.code(), n.err());
        assertEquals(100, new ObjectMapper().readTree(n.out()).get("trials").get(0).get("steps_run").asInt());
    }

    @Test
    void aSweepFileThatIsNotAFileSaysWhatItIs() {
        Cli d = Cli.run("run", dir.toString());
        assertEquals(2, d.code());
        assertTrue(d.err().contains(dir + ": is a directory, not a sweep file"), d.err());
        Cli m = Cli.run("run", dir.resolve("none.yaml").toString());
        assertTrue(m.err().contains("none.yaml: no such file"), m.err());
    }

    @Test
    void inputPathsAreRelativeToTheFile() throws Exception {
        Files.copy(Path.of(apples()), dir.resolve("a.csv"));
        Path f = write("s.json", "{\"kind\": \"grid\", \"data\": \"a.csv\", \"rates\": [0.01], \"steps\": 2, \"format\": \"json\"}");
        assertEquals(0, Cli.run("run", f.toString()).code());
    }

    @Test
    void unknownKeyNamesKeyAndLine() throws Exception {
        Path f = write("s.yaml", "kind: grid\ndata: " + apples() + "\nrats: [0.01]\n");
        Cli r = Cli.run("run", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("s.yaml:3: unknown key 'rats' for kind grid"), r.err());
    }

    @Test
    void wrongTypeNamesKeyAndLine() throws Exception {
        Path f = write("s.yaml", "kind: grid\ndata: " + apples() + "\nrates: [0.01]\nsteps: ten\n");
        Cli r = Cli.run("run", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("s.yaml:4: key 'steps': expected a number, got \"ten\""), r.err());
        Path g = write("t.yaml", "kind: grid\ndata: " + apples() + "\nstandardize: yes please\n");
        assertTrue(Cli.run("run", g.toString()).err().contains("t.yaml:3: key 'standardize': expected true or false"));
        Path h = write("u.yaml", "kind: grid\ndata: " + apples() + "\nsteps: 2.5\n");
        assertTrue(Cli.run("run", h.toString()).err().contains("u.yaml:3: key 'steps': expected a whole number"));
        // a YAML binary scalar is a value of the wrong kind like any other
        Path b = write("b.yaml", "kind: grid\ndata: " + apples() + "\nrates: !!binary aGVsbG8=\n");
        Cli rb = Cli.run("run", b.toString());
        assertEquals(2, rb.code());
        assertTrue(rb.err().contains("b.yaml:3: key 'rates': expected a number, got \"aGVsbG8=\""), rb.err());
    }

    @Test
    void aMissingRequiredKeyIsNamedAsAKeyOfTheFile() throws Exception {
        Path f = write("s.yaml", "kind: random\ndata: " + apples() + "\nmin: 0.001\nmax: 0.01\n");
        Cli r = Cli.run("run", f.toString());
        assertEquals(2, r.code());
        assertEquals("lrsweep run: " + f + ": key 'trials' is required for kind random (or give --trials after the file)",
                r.err().strip());
        // given on the command line instead, it runs
        assertEquals(0, Cli.run("run", f.toString(), "--trials", "2", "--steps", "2", "-q").code());
        assertEquals(0, Cli.run("run", f.toString(), "--trials=2", "--steps=2", "-q").code());
        Path g = write("g.yaml", "kind: grid\nrates: [0.01]\n");
        assertTrue(Cli.run("run", g.toString()).err().contains("g.yaml: key 'data' is required for kind grid"));
    }

    @Test
    void severalMissingKeysAreNamedTogether() throws Exception {
        Path f = write("s.yaml", "kind: random\nquiet: true\n");
        Cli r = Cli.run("run", f.toString());
        assertEquals(2, r.code());
        assertEquals("lrsweep run: " + f + ": keys 'min', 'max', 'trials', 'data' are required for kind random (or give "
                + "--min, --max, --trials, --data after the file)", r.err().strip());
    }

    @Test
    void anErrorPlacedInTheDataFileIsNotBlamedOnASweepFileKey() throws Exception {
        Path csv = write("bad.csv", "x,y\n1,0\n2,1\n3,7\n");
        Path f = write("s.yaml", "kind: grid\ndata: bad.csv\nmodel: logistic\nrates: [0.1]\n");
        Cli r = Cli.run("run", f.toString());
        assertEquals(2, r.code());
        // the message names --model, which came from the file's line 3, but the fault is the CSV cell
        assertEquals("lrsweep run: " + csv + ":4:2: --model logistic: the target 'y' must be 0 or 1, found 7",
                r.err().strip());
    }

    @Test
    void kindIsRequiredAndChecked() throws Exception {
        assertTrue(Cli.run("run", write("a.yaml", "data: x.csv\n").toString()).err().contains("'kind' is required"));
        assertTrue(Cli.run("run", write("b.yaml", "kind: sweep\n").toString()).err()
                .contains("b.yaml:1: key 'kind': expected one of grid, random, find"));
    }

    @Test
    void malformedYamlAndDuplicates() throws Exception {
        Cli r = Cli.run("run", write("c.yaml", "kind: grid\nrates: [0.01\n").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("c.yaml:"), r.err());
        Cli d = Cli.run("run", write("d.yaml", "kind: grid\nsteps: 1\nsteps: 2\n").toString());
        assertEquals(2, d.code());
        assertTrue(d.err().contains("duplicate key 'steps'"), d.err());
    }

    @Test
    void yamlTagsAreNotObjects() throws Exception {
        Cli r = Cli.run("run", write("e.yaml", "kind: grid\ndata: !!java.io.File [/etc/passwd]\n").toString());
        assertEquals(2, r.code(), r.err());
    }

    @Test
    void theExampleSweepsRun() {
        assertEquals(0, Cli.run("run", "examples/sweeps/apples.yaml").code());
        Cli r = Cli.run("run", "examples/sweeps/breast_cancer.json", "--trials", "1", "--epochs", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().findFirst().orElseThrow().contains("optimizer"));
    }
}
