package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classic divergence experiment (DESIGN.md §2), end to end through the CLI seam. Expected
 * numbers come from the published table and from the closed form of gradient descent on this
 * quadratic, computed here by hand, never from lrsweep's own earlier output.
 */
class ReferenceExperimentTest {
    static final String DATA = "examples/qiita/apples.csv";
    static final double[][] X = {{1, 3}, {3, 1}, {5, 7}};
    static final double[] Y = {190, 330, 660};

    /**
     * Closed form: with H = (2/n) XᵀX and θ* the least-squares solution, gradient descent from 0 gives
     * θ_k = θ* − (I − lr·H)^k θ*. XᵀX = [[35,41],[41,59]], Xᵀy = [4480,5520], det = 384, so
     * θ* = [38000, 9520]/384.
     */
    static double[] theta(double lr, int k) {
        double[] star = {38000.0 / 384, 9520.0 / 384};
        double[][] m = {{1 - lr * 2.0 / 3 * 35, -lr * 2.0 / 3 * 41}, {-lr * 2.0 / 3 * 41, 1 - lr * 2.0 / 3 * 59}};
        double[][] p = {{1, 0}, {0, 1}};
        for (int i = 0; i < k; i++) p = mul(p, m);
        return new double[] {star[0] - (p[0][0] * star[0] + p[0][1] * star[1]),
            star[1] - (p[1][0] * star[0] + p[1][1] * star[1])};
    }

    static double[][] mul(double[][] a, double[][] b) {
        return new double[][] {
            {a[0][0] * b[0][0] + a[0][1] * b[1][0], a[0][0] * b[0][1] + a[0][1] * b[1][1]},
            {a[1][0] * b[0][0] + a[1][1] * b[1][0], a[1][0] * b[0][1] + a[1][1] * b[1][1]}};
    }

    static double loss(double[] t) {
        double s = 0;
        for (int i = 0; i < 3; i++) {
            double r = Y[i] - (t[0] * X[i][0] + t[1] * X[i][1]);
            s += r * r;
        }
        return s / 3;
    }

    static final double OPTIMUM_LOSS = 1250.0 / 9; // residual of the least-squares fit, by hand

    /** --debug adds one line to stderr saying where the time went; the tables are unchanged. */
    @Test
    void debugPrintsTheTimingsOnStderrOnly() {
        Cli plain = Cli.run("grid", "--rates", "0.01,0.03", "--data", DATA, "--target", "y", "--no-intercept");
        Cli debug = Cli.run("grid", "--rates", "0.01,0.03", "--data", DATA, "--target", "y", "--no-intercept", "--debug");
        assertEquals(0, debug.code(), debug.err());
        // the same tables (the summary's elapsed-time column aside)
        assertEquals(plain.out().lines().filter(l -> l.startsWith("step=")).toList(),
                debug.out().lines().filter(l -> l.startsWith("step=")).toList());
        assertTrue(debug.err().matches("(?s).*timing: JVM start to command [0-9.]+ s, data [0-9.]+ s, model [0-9.]+ s, "
                + "analysis [0-9.]+ s, trial list [0-9.]+ s, training [0-9.]+ s, output [0-9.]+ s\\R.*"), debug.err());
        assertFalse(plain.err().contains("timing:"), plain.err());
    }

    @Test
    void publishedTableForLr002() {
        Cli r = Cli.run("grid", "--rates", "0.02", "--data", DATA, "--target", "y", "--no-intercept");
        assertEquals(0, r.code(), r.err());
        // the article's printed lines (DESIGN.md §2)
        assertTrue(r.out().contains("step= 10, a1= 70.35, a2= 46.23, loss=2189.06\n"), r.out());
        assertTrue(r.out().contains("step=100, a1= 98.81, a2= 24.90, loss=138.94\n"), r.out());
        assertTrue(r.out().contains("Estimated: a1= 98.81, a2= 24.90\n"), r.out());
    }

    @Test
    void everyRateMatchesTheClosedForm() {
        double[] rates = {0.01, 0.02, 0.03, 0.032, 0.035, 0.04};
        Cli r = Cli.run("grid", "--rates", "0.01,0.02,0.03,0.032,0.035,0.04", "--data", DATA, "--target", "y",
                "--no-intercept", "--jobs", "3");
        assertEquals(0, r.code(), r.err());
        java.util.regex.Pattern row = java.util.regex.Pattern.compile(
                "step=\\s*(\\d+), a1=\\s*(\\S+), a2=\\s*(\\S+), loss=(\\S+)");
        for (double lr : rates) {
            String block = r.out().substring(r.out().indexOf("lr=" + lr + " "));
            block = block.substring(0, block.indexOf("Estimated"));
            java.util.regex.Matcher m = row.matcher(block);
            int rows = 0;
            while (m.find()) {
                int k = Integer.parseInt(m.group(1));
                double[] t = theta(lr, k);
                double l = loss(theta(lr, k - 1));
                if (lr < 0.033) {
                    // converging: the printed digits themselves must agree
                    assertEquals(String.format(Locale.ROOT, "step=%3d, a1=%6.2f, a2=%6.2f, loss=%.2f", k, t[0], t[1], l),
                            m.group(), "lr " + lr);
                } else {
                    // exploding: rounding in the last of 17+ printed digits may differ; agree to 1e-9
                    assertEquals(t[0], Double.parseDouble(m.group(2)), 1e-9 * Math.abs(t[0]) + 0.006);
                    assertEquals(t[1], Double.parseDouble(m.group(3)), 1e-9 * Math.abs(t[1]) + 0.006);
                    assertEquals(l, Double.parseDouble(m.group(4)), 1e-9 * l + 0.006);
                }
                assertEquals(10 * (rows + 1), k);
                rows++;
            }
            assertEquals(10, rows, "lr " + lr);
        }
    }

    @Test
    void summaryNamesBestRateStepsToTargetAndCriticalRate(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("out.json");
        Cli r = Cli.run("grid", "--rates", "0.01,0.02,0.03,0.032,0.035,0.04", "--data", DATA, "--target", "y",
                "--no-intercept", "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        // λmax of H = (2/3)[[35,41],[41,59]] is (94 + √7300)/3, so 2/λmax = 6/(94 + √7300)
        double critical = 6 / (94 + Math.sqrt(7300));
        assertTrue(r.out().contains(String.format(Locale.ROOT, "gradient descent diverges for lr > %.5g", critical)));
        assertTrue(r.out().contains("lr > 0.033437"), r.out());
        assertTrue(r.out().contains("best: lr=0.03 (trial 2)"), r.out());

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertFalse(Files.readString(json).contains("NaN"));
        assertEquals("lrsweep", root.get("tool").asText());
        assertEquals(2, root.get("schema_version").asInt());
        JsonNode trials = root.get("trials");
        assertEquals(6, trials.size());
        String[] status = {"not_converged", "not_converged", "converged", "converged", "diverged", "diverged"};
        for (int i = 0; i < 6; i++) assertEquals(status[i], trials.get(i).get("status").asText(), "trial " + i);
        assertEquals(stepsToTarget(0.03), trials.get(2).get("steps_to_target").asInt());
        assertEquals(74, trials.get(2).get("steps_to_target").asInt());
        assertEquals(93, trials.get(3).get("steps_to_target").asInt());
        assertTrue(trials.get(0).get("steps_to_target").isNull());
        assertEquals(2, root.get("best").get("id").asInt());
        assertEquals(0.03, root.get("best").get("lr").asDouble());
        JsonNode a = root.get("analysis");
        assertEquals(critical, a.get("critical_lr").asDouble(), 1e-15);
        assertEquals(OPTIMUM_LOSS, a.get("optimum_loss").asDouble(), 1e-9);
        assertEquals(38000.0 / 384, a.get("optimum_params").get("a1").asDouble(), 1e-9);
        assertEquals(9520.0 / 384, a.get("optimum_params").get("a2").asDouble(), 1e-9);
        // 2/(λmax+λmin) = 2/((2/3)·94) = 3/94
        assertEquals(3.0 / 94, a.get("optimal_lr").asDouble(), 1e-15);
        assertEquals(loss(theta(0.03, 100)), trials.get(2).get("final_loss").asDouble(), 1e-9);
        assertEquals(theta(0.02, 100)[0], trials.get(1).get("params").get("a1").asDouble(), 1e-9);
    }

    /** First table step k whose loss (at θ_{k-1}) is within 1e-4 relative of the optimum. */
    static int stepsToTarget(double lr) {
        for (int k = 1; k <= 100; k++) {
            if (Math.abs(loss(theta(lr, k - 1)) - OPTIMUM_LOSS) <= 1e-4 * OPTIMUM_LOSS) return k;
        }
        return -1;
    }

    @Test
    void sameOutputForAnyJobs() {
        String[] base = {"grid", "--rates", "0.01,0.02,0.03,0.032,0.035,0.04", "--data", DATA, "--target", "y",
            "--no-intercept", "--format", "json"};
        String one = stripTimings(Cli.run(concat(base, "--jobs", "1")).out());
        String eight = stripTimings(Cli.run(concat(base, "--jobs", "8")).out());
        assertEquals(one, eight);
        String t1 = stripTimings(Cli.run("grid", "--rates", "0.01,0.03,0.04", "--data", DATA, "--jobs", "1").out());
        String t8 = stripTimings(Cli.run("grid", "--rates", "0.01,0.03,0.04", "--data", DATA, "--jobs", "8").out());
        assertEquals(t1, t8);
    }

    static String stripTimings(String s) {
        return s.replaceAll("\"elapsed_ms\" : [0-9.Ee-]+", "\"elapsed_ms\" : 0")
                .replaceAll("(?m) +[0-9.]+$", "");
    }

    static String[] concat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void formatJsonPrintsOnlyJson() throws Exception {
        Cli r = Cli.run("grid", "--rates", "0.02", "--data", DATA, "--target", "y", "--no-intercept", "--format", "json");
        assertEquals(0, r.code());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals("grid", root.get("command").get("name").asText());
    }

    @Test
    void quietPrintsOnlyTheSummary() {
        Cli r = Cli.run("grid", "--rates", "0.02", "--data", DATA, "--target", "y", "--no-intercept", "--quiet");
        assertFalse(r.out().contains("step="));
        assertTrue(r.out().contains("steps_to_target"));
    }

    @Test
    void gates() {
        Cli some = Cli.run("grid", "--rates", "0.02,0.04", "--data", DATA, "--no-intercept", "--fail-on-diverge");
        assertEquals(3, some.code());
        Cli ok = Cli.run("grid", "--rates", "0.02,0.04", "--data", DATA, "--no-intercept");
        assertEquals(0, ok.code());
        Cli all = Cli.run("grid", "--rates", "0.035,0.04", "--data", DATA, "--no-intercept");
        assertEquals(3, all.code());
        assertTrue(all.out().contains("best: none"));
    }
}
