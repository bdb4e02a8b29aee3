package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lrsweep check}: one line per failed expectation and a count, on stdout; exit 3 when any
 * failed, 0 when all hold. Summaries are written here by hand, so each expected line follows from
 * the file, not from an earlier run; the reference experiment's statuses are the article's
 * (0.035 and 0.04 above the critical rate 2/lambda_max = 0.0334 diverge, 0.03 is best).
 */
class CheckCommandTest {
    private static final String HEAD = "{\"tool\": \"lrsweep\", \"version\": \"0.1.0\", \"schema_version\": 1, "
            + "\"command\": {\"name\": \"%s\"},\n";

    @TempDir
    Path dir;

    private Path summary(String body) throws IOException {
        return summary("grid", body);
    }

    private Path summary(String command, String body) throws IOException {
        Path f = dir.resolve("s.json");
        Files.writeString(f, String.format(HEAD, command) + body + "}\n");
        return f;
    }

    private static String trial(int id, double lr, String status, String finalLoss) {
        return "{\"id\": " + id + ", \"lr\": " + lr + ", \"status\": \"" + status + "\", \"final_loss\": " + finalLoss
                + ", \"history\": [{\"step\": 10, \"loss\": 3.5}], \"params\": {\"a1\": 1}}";
    }

    private static final String THREE = "\"trials\": [" + trial(0, 0.01, "not_converged", "156.9") + ", "
            + trial(1, 0.03, "converged", "138.9") + ", " + trial(2, 0.04, "diverged", "null") + "],\n"
            + "\"best\": {\"id\": 1, \"lr\": 0.03, \"final_loss\": 138.9, \"steps_to_target\": 74}";

    private static List<String> lines(String s) {
        return s.lines().toList();
    }

    @Test
    void theReferenceExperimentPassesItsGate() {
        Path json = dir.resolve("out.json");
        Cli grid = Cli.run("grid", "--rates", "0.01,0.02,0.03,0.032,0.035,0.04", "--data", ReferenceExperimentTest.DATA,
                "--target", "y", "--no-intercept", "--quiet", "--json", json.toString());
        assertEquals(0, grid.code(), grid.err());
        Cli r = Cli.run("check", json.toString(), "--expect-best-between", "0.02:0.04", "--expect-converged", "0.03,0.032",
                "--expect-diverged", "0.035,0.04", "--expect-not-diverged", "0.01,0.02", "--max-best-loss", "140");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(List.of("check: 8 expectations, 0 failed"), lines(r.out()));
        assertEquals("", r.err());
    }

    @Test
    void everyFailedExpectationGetsItsLine() throws IOException {
        Cli r = Cli.run("check", summary(THREE).toString(), "--expect-best-between", "0.035:0.05",
                "--expect-converged", "0.01,0.02", "--expect-diverged", "0.03", "--expect-not-diverged", "0.04",
                "--max-best-loss", "100");
        assertEquals(3, r.code(), r.err());
        assertEquals(List.of(
                "check: --expect-best-between 0.035:0.05: the best rate is 0.03 (trial 1)",
                "check: --expect-converged 0.01: trial 0 is not_converged",
                "check: --expect-converged 0.02: no trial has this rate (rates: 0.01, 0.03, 0.04)",
                "check: --expect-diverged 0.03: trial 1 is converged",
                "check: --expect-not-diverged 0.04: trial 2 is diverged",
                "check: --max-best-loss 100: the best final loss is 138.900 (trial 1)",
                "check: 6 expectations, 6 failed"), lines(r.out()));
        assertEquals("", r.err());
    }

    @Test
    void holdingExpectationsPrintOnlyTheCount() throws IOException {
        Cli r = Cli.run("check", summary(THREE).toString(), "--expect-best-between", "0.02:0.03",
                "--expect-converged", "0.03", "--expect-diverged", "0.04", "--expect-not-diverged", "0.01,0.03",
                "--max-best-loss", "138.9");
        assertEquals(0, r.code(), r.out());
        assertEquals(List.of("check: 6 expectations, 0 failed"), lines(r.out()));
    }

    @Test
    void withoutExpectationsOnlyTheFileIsChecked() throws IOException {
        Cli r = Cli.run("check", summary(THREE).toString());
        assertEquals(0, r.code());
        assertEquals(List.of("check: 0 expectations, 0 failed"), lines(r.out()));
    }

    @Test
    void oneExpectationIsSingular() throws IOException {
        Cli r = Cli.run("check", summary(THREE).toString(), "--expect-converged", "0.03");
        assertEquals(List.of("check: 1 expectation, 0 failed"), lines(r.out()));
    }

    @Test
    void whenEveryTrialDivergedThereIsNoBest() throws IOException {
        Path f = summary("\"trials\": [" + trial(0, 0.5, "diverged", "null") + "], \"best\": null");
        Cli r = Cli.run("check", f.toString(), "--expect-best-between", "0.01:1", "--max-best-loss", "10");
        assertEquals(3, r.code());
        assertEquals(List.of(
                "check: --expect-best-between 0.01:1: no best trial (every trial diverged)",
                "check: --max-best-loss 10: no best trial (every trial diverged)",
                "check: 2 expectations, 2 failed"), lines(r.out()));
    }

    @Test
    void ratesMatchToTheSixDigitsTablesPrint() throws IOException {
        // a log grid point: 10^-1.5 = 0.0316227766..., printed 0.0316228
        Path f = summary("\"trials\": [" + trial(0, Math.pow(10, -1.5), "converged", "1") + "], "
                + "\"best\": {\"id\": 0, \"lr\": " + Math.pow(10, -1.5) + ", \"final_loss\": 1}");
        assertEquals(0, Cli.run("check", f.toString(), "--expect-converged", "0.0316228",
                "--expect-best-between", "0.01:0.0316228").code());
        Cli r = Cli.run("check", f.toString(), "--expect-converged", "0.03162");
        assertEquals(3, r.code());
        assertEquals("check: --expect-converged 0.03162: no trial has this rate (rates: 0.0316228)", lines(r.out()).get(0));
    }

    @Test
    void aRateSweptSeveralTimesNeedsEveryTrial() throws IOException {
        Path f = summary("\"trials\": [" + trial(0, 0.01, "converged", "1") + ", " + trial(1, 0.01, "diverged", "null")
                + ", " + trial(2, 0.01, "not_converged", "2") + ", " + trial(3, 0.01, "stopped_early", "1.5")
                + "], \"best\": {\"id\": 0, \"lr\": 0.01, \"final_loss\": 1}");
        Cli r = Cli.run("check", f.toString(), "--expect-converged", "0.01", "--expect-not-diverged", "0.01");
        assertEquals(List.of(
                "check: --expect-converged 0.01: 3 of 4 trials with this rate did not converge: "
                        + "trial 1 diverged, trial 2 not_converged, trial 3 stopped_early",
                "check: --expect-not-diverged 0.01: 1 of 4 trials with this rate diverged: trial 1 diverged",
                "check: 2 expectations, 2 failed"), lines(r.out()));
    }

    @Test
    void interruptedAndStoppedEarlyAreNotDiverged() throws IOException {
        Path f = summary("\"trials\": [" + trial(0, 0.01, "interrupted", "null") + ", "
                + trial(1, 0.02, "stopped_early", "1") + "], \"best\": {\"id\": 1, \"lr\": 0.02, \"final_loss\": 1}");
        assertEquals(0, Cli.run("check", f.toString(), "--expect-not-diverged", "0.01,0.02").code());
    }

    @Test
    void aRangeTestWithoutRefineIsJudgedByItsSuggestion() throws IOException {
        Path f = summary("find", "\"points\": [], \"suggestion\": {\"method\": \"steepest\", \"lr\": 0.0048},\n"
                + "\"refine\": null");
        assertEquals(0, Cli.run("check", f.toString(), "--expect-best-between", "0.001:0.01").code());
        Cli r = Cli.run("check", f.toString(), "--expect-best-between", "0.01:0.1", "--max-best-loss", "1",
                "--expect-converged", "0.0048");
        assertEquals(3, r.code());
        assertEquals(List.of(
                "check: --expect-best-between 0.01:0.1: the best rate is 0.0048 (the suggestion (steepest))",
                "check: --expect-converged 0.0048: no trial has this rate (the summary has no trials)",
                "check: --max-best-loss 1: the suggestion (steepest) has no final loss (run find with --refine to train rates)",
                "check: 3 expectations, 3 failed"), lines(r.out()));
    }

    @Test
    void aRangeTestWithoutASuggestionHasNoBest() throws IOException {
        Path f = summary("find", "\"suggestion\": {\"method\": \"valley\", \"lr\": null, \"reason\": \"too few points\"}");
        Cli r = Cli.run("check", f.toString(), "--expect-best-between", "0.001:0.01");
        assertEquals("check: --expect-best-between 0.001:0.01: the range test made no suggestion", lines(r.out()).get(0));
    }

    @Test
    void aRefinedRangeTestIsJudgedByItsRefinedTrials() throws IOException {
        Path f = summary("find", "\"suggestion\": {\"method\": \"steepest\", \"lr\": 0.004},\n\"refine\": {\"trials\": ["
                + trial(0, 0.0004, "not_converged", "4662") + ", " + trial(1, 0.004, "converged", "322") + "], "
                + "\"best\": {\"id\": 1, \"lr\": 0.004, \"final_loss\": 322}}");
        Cli r = Cli.run("check", f.toString(), "--expect-converged", "0.004", "--expect-not-diverged", "0.0004",
                "--max-best-loss", "300");
        assertEquals(List.of("check: --max-best-loss 300: the best final loss is 322.000 (trial 1)",
                "check: 3 expectations, 1 failed"), lines(r.out()));
    }

    @Test
    void aFindSummaryFromTheToolIsRead() {
        Path json = dir.resolve("find.json");
        Cli find = Cli.run("find", "--data", ReferenceExperimentTest.DATA, "--refine", "3", "--json", json.toString(), "-q");
        assertEquals(0, find.code(), find.err());
        Cli r = Cli.run("check", json.toString(), "--expect-best-between", "1e-7:10");
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void aBestThatIsNotOneOfTheTrialsIsADamagedSummary() throws IOException {
        Path json = dir.resolve("g.json");
        assertEquals(0, Cli.run("grid", "--rates", "0.01,0.03", "--data", ReferenceExperimentTest.DATA, "--target", "y",
                "--no-intercept", "-q", "--json", json.toString()).code());
        ObjectMapper m = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(
                json.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("best")).put("id", 99);
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, m.writeValueAsString(tree));
        Cli r = Cli.run("check", bad.toString(), "--expect-best-between", "0.02:0.04");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("best: trial 99 is not one of the trials"), r.err());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("best")).put("id", 1).put("lr", 0.5);
        Files.writeString(bad, m.writeValueAsString(tree));
        Cli lr = Cli.run("check", bad.toString(), "--expect-best-between", "0.02:0.04");
        assertEquals(2, lr.code());
        assertTrue(lr.err().contains("best.lr: 0.5, but trial 1 has 0.03"), lr.err());
    }

    @Test
    void findsPrintedRatesWorkInItsGatesAndFailOnDivergeJudgesTheRefinement() throws IOException {
        Cli find = Cli.run("find", "--data", ReferenceExperimentTest.DATA, "--target", "y", "--no-intercept", "--refine",
                "3");
        assertEquals(0, find.code(), find.err());
        String printed = find.out().lines().filter(l -> l.startsWith("suggestion: lr=")).findFirst().orElseThrow()
                .replaceFirst("suggestion: lr=(\\S+) .*", "$1");
        // the suggestion as printed names the refine trial at that rate (it printed 4 digits, the gate matches 6)
        Cli gated = Cli.run("find", "--data", ReferenceExperimentTest.DATA, "--target", "y", "--no-intercept", "--refine",
                "3", "--expect-converged", printed, "-q");
        assertTrue(!gated.err().contains("no trial has this rate"), gated.err());
        // the refinement around a suggestion far above the critical rate 0.033 diverges
        Cli high = Cli.run("find", "--data", ReferenceExperimentTest.DATA, "--target", "y", "--no-intercept", "--refine",
                "3", "--suggest", "slide_relative", "--min", "0.01", "--max", "10", "--skip-start", "0", "--skip-end", "0",
                "--smooth", "0", "-q", "--fail-on-diverge");
        assertEquals(3, high.code(), high.out() + high.err());
        assertTrue(high.err().contains("gate: --fail-on-diverge and at least one refine trial diverged"), high.err());
        Cli without = Cli.run("find", "--data", ReferenceExperimentTest.DATA, "--fail-on-diverge", "-q");
        assertEquals(2, without.code());
        assertTrue(without.err().contains("--fail-on-diverge: needs --refine"), without.err());
    }

    @Test
    void expectationsJudgeTheSummaryASweepBuilds() throws IOException {
        // how grid/random/find apply the mixin: on the JSON they build, before returning
        Cli grid = Cli.run("grid", "--rates", "0.03,0.04", "--data", ReferenceExperimentTest.DATA, "--target", "y",
                "--no-intercept", "--format", "json");
        JsonNode tree = new ObjectMapper().readTree(grid.out());
        Expectations e = new Expectations();
        e.converged = List.of(0.03, 0.04);
        e.bestBetween = "0.02:0.04";
        assertEquals(List.of("--expect-converged 0.04: trial 1 is diverged"), e.failures(tree));
        StringWriter err = new StringWriter();
        assertEquals(3, e.gate(tree, new PrintWriter(err), "gate"));
        assertEquals(List.of("gate: --expect-converged 0.04: trial 1 is diverged", "gate: 3 expectations, 1 failed"),
                lines(err.toString()));
    }

    @Test
    void theMixinFitsEverySweepCommand() {
        // grid, random and find carry the check flags (picocli would throw on a clashing name)
        for (Object command : List.of(new GridCommand(), new RandomCommand(), new FindCommand())) {
            CommandLine cl = new CommandLine(command);
            assertTrue(cl.getCommandSpec().findOption("--expect-best-between") != null);
            assertTrue(cl.getCommandSpec().findOption("--max-best-loss") != null);
        }
    }
}
