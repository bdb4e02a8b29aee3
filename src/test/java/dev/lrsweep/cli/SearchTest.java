package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** grid ranges, random draws, multi-axis sweeps and find, through the CLI seam. */
class SearchTest {
    static final String APPLES = "examples/qiita/apples.csv";

    static JsonNode json(String... args) throws Exception {
        Cli r = Cli.run(args);
        assertTrue(r.code() == 0 || r.code() == 3, r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void randomDrawsAreTheSameForTheSameSeedWhateverJobs() {
        String[] a = {"random", "--min", "1e-4", "--max", "1", "--trials", "20", "--seed", "7", "--data", APPLES,
            "--no-intercept", "--format", "json"};
        String one = ReferenceExperimentTest.stripTimings(Cli.run(ReferenceExperimentTest.concat(a, "--jobs", "1")).out());
        String two = ReferenceExperimentTest.stripTimings(Cli.run(ReferenceExperimentTest.concat(a, "--jobs", "2")).out());
        String again = ReferenceExperimentTest.stripTimings(Cli.run(ReferenceExperimentTest.concat(a, "--jobs", "2")).out());
        assertEquals(one, two);
        assertEquals(two, again);
    }

    @Test
    void randomRatesLieInsideTheBounds() throws Exception {
        JsonNode j = json("random", "--min", "1e-3", "--max", "0.1", "--trials", "30", "--seed", "3", "--data", APPLES,
                "--format", "json");
        assertEquals(30, j.get("trials").size());
        for (JsonNode t : j.get("trials")) {
            double lr = t.get("lr").asDouble();
            assertTrue(lr >= 1e-3 && lr <= 0.1, "lr " + lr);
        }
    }

    @Test
    void randomUsageErrors() {
        assertEquals(2, Cli.run("random", "--min", "0", "--max", "1", "--trials", "3", "--data", APPLES).code());
        assertEquals(2, Cli.run("random", "--min", "1", "--max", "1", "--trials", "3", "--data", APPLES).code());
        Cli zero = Cli.run("random", "--min", "1e-3", "--max", "1", "--trials", "0", "--data", APPLES);
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--trials: must be at least 1"), zero.err());
        assertTrue(Cli.run("random", "--min", "-1", "--max", "1", "--trials", "3", "--data", APPLES).err()
                .contains("--min: must be a finite number > 0"));
    }

    @Test
    void rangeGridIsLogSpaced() throws Exception {
        JsonNode j = json("grid", "--range", "1e-4:1e-1", "--points", "4", "--data", APPLES, "--format", "json");
        double[] expected = {1e-4, 1e-3, 1e-2, 1e-1};
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], j.get("trials").get(i).get("lr").asDouble(), expected[i] * 1e-12);
        }
    }

    @Test
    void axesAreCrossedAndShownInTheSummary() throws Exception {
        String[] args = {"grid", "--rates", "0.01,0.02", "--optimizer", "sgd,adam(beta_1=0.8,beta_2=0.99)",
            "--batch-size", "1,3", "--seed", "1,2", "--data", APPLES, "--no-intercept", "--steps", "5"};
        Cli table = Cli.run(ReferenceExperimentTest.concat(args, "--quiet"));
        assertEquals(0, table.code(), table.err());
        String header = table.out().lines().findFirst().orElseThrow();
        for (String col : new String[] {"optimizer", "batch_size", "seed"}) assertTrue(header.contains(col), header);
        assertTrue(table.out().contains("over seeds"), table.out());
        JsonNode j = new ObjectMapper().readTree(Cli.run(ReferenceExperimentTest.concat(args, "--format", "json")).out());
        assertEquals(2 * 2 * 2 * 2, j.get("trials").size());
        JsonNode last = j.get("trials").get(15);
        assertEquals("adam(beta_1=0.8,beta_2=0.99)", last.get("optimizer").asText());
        assertEquals(2, last.get("seed").asInt());
        assertEquals(3, last.get("batch_size").asInt());
        assertEquals(8, j.get("settings").size());
        // full batch with the same rate and optimizer: the two seeds give identical runs, spread 0
        JsonNode s0 = j.get("settings").get(2);
        assertEquals(3, s0.get("batch_size").asInt());
        assertEquals(0.0, s0.get("std_final_loss").asDouble(), 0);
    }

    @Test
    void defaultRateIsTheOptimizers() throws Exception {
        JsonNode j = json("grid", "--optimizer", "sgd,adam", "--data", APPLES, "--format", "json", "--steps", "3");
        assertEquals(0.01, j.get("trials").get(0).get("lr").asDouble());
        assertEquals(0.001, j.get("trials").get(1).get("lr").asDouble());
    }

    @Test
    void findSuggestsBelowTheCriticalRateOnAKnownQuadratic() throws Exception {
        // apples, no intercept: H = (2/3)[[35,41],[41,59]], λmax = (94 + √7300)/3
        double lambdaMax = (94 + Math.sqrt(7300)) / 3;
        JsonNode j = json("find", "--data", APPLES, "--no-intercept", "--format", "json");
        double s = j.get("suggestion").get("lr").asDouble();
        assertEquals("steepest", j.get("suggestion").get("method").asText());
        assertTrue(s < 2 / lambdaMax, "suggestion " + s + " above the critical rate");
        assertTrue(s > 1 / lambdaMax / 10 && s < 10 / lambdaMax, "suggestion " + s + " not within 10x of 1/λmax");
        assertEquals(2 / lambdaMax, j.get("analysis").get("critical_lr").asDouble(), 1e-12);
        assertEquals("diverged", j.get("stop_reason").asText());
        assertTrue(j.get("points").size() < 100);
        for (String m : new String[] {"steepest", "valley", "minimum_over_ten"}) assertTrue(j.get("suggestions").has(m));
    }

    @Test
    void findWithTooFewPointsSaysWhy() {
        Cli r = Cli.run("find", "--data", APPLES, "--no-intercept", "--steps", "10");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("not enough points after trimming"), r.err());
    }

    @Test
    void everyGateThatTripsSaysSo() {
        // 0.04 diverges on apples (critical rate 0.0334), and the best, 0.01, lies outside 1..2
        Cli r = Cli.run("grid", "--rates", "0.01,0.04", "--data", APPLES, "--no-intercept", "-q", "--fail-on-diverge",
                "--expect-best-between", "1:2");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("--expect-best-between"), r.err());
        assertTrue(r.err().contains("gate: --fail-on-diverge and at least one trial diverged"), r.err());
    }

    @Test
    void findHintsNameTheFlagThatHelps() {
        // rates far above the critical 0.0334: the loss is non-finite by step 2
        Cli huge = Cli.run("find", "--data", APPLES, "--no-intercept", "--min", "1e200", "--max", "1e300", "--steps", "20");
        assertEquals(3, huge.code(), huge.err());
        assertTrue(huge.err().contains("the loss turned non-finite at step") && huge.err().contains(": lower --min"),
                huge.err());
        // the whole range above the critical rate: the loss rises from the first step, no slope is negative
        Cli above = Cli.run("find", "--data", APPLES, "--no-intercept", "--min", "0.034", "--max", "0.05", "--steps", "300");
        assertEquals(3, above.code(), above.err());
        assertTrue(above.err().contains(": lower --min"), above.err());
        // a linear ramp starting above the critical rate diverges at once: a lower --min is among the
        // remedies (a lower --max or more steps alone give the same start)
        Cli risesLinear = Cli.run("find", "--data", APPLES, "--no-intercept", "--mode", "linear", "--min", "0.05",
                "--max", "0.06");
        assertEquals(3, risesLinear.code(), risesLinear.err());
        assertTrue(risesLinear.err().contains("lower --min"), risesLinear.err());
        // steepest finding no fall at all: --min, in either ramp
        Cli flat = Cli.run("find", "--data", APPLES, "--no-intercept", "--mode", "linear", "--min", "0.034", "--max", "0.035",
                "--steps", "300", "--diverge", "Infinity");
        assertEquals(3, flat.code(), flat.err());
        assertTrue(flat.err().endsWith("the smoothed loss rises from the start: lower --min\n"), flat.err());
        // a linear ramp's early rates grow with --max
        Cli linear = Cli.run("find", "--data", APPLES, "--no-intercept", "--mode", "linear", "--min", "1e-4", "--max", "10",
                "--steps", "40");
        assertEquals(3, linear.code(), linear.err());
        assertTrue(linear.err().contains("lower --max or raise --steps"), linear.err());
        // Lightning's smoothing starts low and rises while the raw loss falls: too few points, not
        // a loss that never fell
        Cli lightning = Cli.run("find", "--data", APPLES, "--no-intercept", "--finder-compat", "lightning", "--steps", "12",
                "--min", "1e-5", "--max", "1e-3");
        assertEquals(3, lightning.code(), lightning.err());
        assertTrue(lightning.err().contains("raise --steps or lower --skip-start/--skip-end"), lightning.err());
    }

    @Test
    void findJsonSaysWhatTheRunUsed() throws Exception {
        // apples has 3 rows: find's default batch of 32 is the full batch, 3
        JsonNode j = json("find", "--data", APPLES, "--no-intercept", "--format", "json");
        assertEquals(32, j.get("command").get("batch_size").asInt());
        assertEquals(3, j.get("run").get("batch_size").asInt());
        assertEquals(100, j.get("run").get("steps").asInt());
        // fastai runs at least 6 steps
        JsonNode f = json("find", "--data", APPLES, "--no-intercept", "--format", "json", "--finder-compat", "fastai",
                "--steps", "3", "--min", "1e-4", "--max", "1e-2");
        assertEquals(3, f.get("command").get("steps").asInt());
        assertEquals(6, f.get("run").get("steps").asInt());
        assertEquals(6, f.get("points").size());
        // as fastai's lrs[0:-5]: one point, which valley takes
        assertEquals(1e-4, f.get("suggestion").get("lr").asDouble(), 1e-18);
    }

    @Test
    void findHelpDescribesFindsOwnDefaults() {
        Cli help = Cli.run("find", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("(default: 32;"), help.out());
        assertTrue(!help.out().contains("are swept"), help.out());
        assertTrue(help.out().contains("One seed."), help.out());
        // the changed options keep the places grid's help gives them, before the standard -h/-V
        // (the option list's lines, indented, not the synopsis at the top)
        String grid = Cli.run("grid", "--help").out();
        String[] order = {"\n      --optimizer=", "\n      --steps=", "\n      --batch-size=", "\n      --seed="};
        for (int i = 0; i + 1 < order.length; i++) {
            assertTrue(grid.indexOf(order[i]) >= 0 && grid.indexOf(order[i]) < grid.indexOf(order[i + 1]), "grid: " + order[i]);
            assertTrue(help.out().indexOf(order[i]) >= 0 && help.out().indexOf(order[i]) < help.out().indexOf(order[i + 1]),
                    "find: " + order[i] + "\n" + help.out());
        }
        assertTrue(help.out().indexOf("\n      --seed=") < help.out().indexOf("-h, --help"), help.out());
    }

    @Test
    void findRefinesBelowTheSuggestion() throws Exception {
        JsonNode j = json("find", "--data", APPLES, "--no-intercept", "--format", "json", "--refine", "3");
        double s = j.get("suggestion").get("lr").asDouble();
        JsonNode trials = j.get("refine").get("trials");
        assertEquals(3, trials.size());
        assertEquals(s / 10, trials.get(0).get("lr").asDouble(), s * 1e-12);
        assertEquals(s, trials.get(2).get("lr").asDouble(), s * 1e-12);
    }

    @Test
    void plotsAreWrittenAndBadPlotNamesRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path png = dir.resolve("g.png");
        Cli g = Cli.run("grid", "--rates", "0.02,0.04", "--data", APPLES, "--no-intercept", "-q", "--plot", png.toString());
        assertEquals(0, g.code(), g.err());
        byte[] head = java.util.Arrays.copyOf(java.nio.file.Files.readAllBytes(png), 8);
        assertEquals(java.util.Arrays.toString(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}),
                java.util.Arrays.toString(head));
        java.nio.file.Path svg = dir.resolve("f.svg");
        Cli f = Cli.run("find", "--data", APPLES, "--no-intercept", "-q", "--plot", svg.toString(), "--chart");
        assertEquals(0, f.code(), f.err());
        assertTrue(java.nio.file.Files.readString(svg).contains("<svg"));
        assertTrue(f.out().contains("S suggestion"), f.out());
        Cli bad = Cli.run("grid", "--rates", "0.02", "--data", APPLES, "--plot", dir.resolve("x.gif").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--plot: the file must end in .png or .svg"), bad.err());
    }
}
