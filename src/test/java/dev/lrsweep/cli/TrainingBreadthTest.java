package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrsweep.analysis.LinearAnalysis;
import dev.lrsweep.data.CsvOptions;
import dev.lrsweep.data.CsvReader;
import dev.lrsweep.data.Dataset;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Optimizers, schedules, callbacks, batches, validation and models through the CLI. */
class TrainingBreadthTest {
    static final String APPLES = "examples/qiita/apples.csv";
    static final String WDBC = "examples/breast_cancer/wdbc.csv";

    static JsonNode json(String... args) throws Exception {
        Cli r = Cli.run(ReferenceExperimentTest.concat(args, "--format", "json"));
        assertTrue(r.code() == 0 || r.code() == 3, r.err());
        return new ObjectMapper().readTree(r.out());
    }

    /** Gradient of the apples' MSE at θ (no intercept): (2/3) Xᵀ(Xθ − y). */
    static double[] grad(double[] t) {
        double[][] x = {{1, 3}, {3, 1}, {5, 7}};
        double[] y = {190, 330, 660};
        double[] g = new double[2];
        for (int i = 0; i < 3; i++) {
            double r = t[0] * x[i][0] + t[1] * x[i][1] - y[i];
            g[0] += 2.0 / 3 * r * x[i][0];
            g[1] += 2.0 / 3 * r * x[i][1];
        }
        return g;
    }

    /**
     * Adam by hand (SEMANTICS.md §4): Keras adds ε to the un-corrected √v and scales the rate by
     * √(1−β2^t)/(1−β1^t); PyTorch adds ε to the corrected √v̂.
     */
    static double[] adam(double lr, int steps, boolean torch, double eps) {
        double[] t = {0, 0};
        double[] m = new double[2];
        double[] v = new double[2];
        for (int k = 1; k <= steps; k++) {
            double[] g = grad(t);
            for (int j = 0; j < 2; j++) {
                m[j] = 0.9 * m[j] + 0.1 * g[j];
                v[j] = 0.999 * v[j] + 0.001 * g[j] * g[j];
                double bc1 = 1 - Math.pow(0.9, k);
                double bc2 = 1 - Math.pow(0.999, k);
                if (torch) {
                    t[j] -= lr / bc1 * m[j] / (Math.sqrt(v[j]) / Math.sqrt(bc2) + eps);
                } else {
                    t[j] -= lr * Math.sqrt(bc2) / bc1 * m[j] / (Math.sqrt(v[j]) + eps);
                }
            }
        }
        return t;
    }

    /**
     * A logged step's accuracy is taken where its loss is, before the update: at step 1 the logistic
     * model's weights are zero, every logit is 0 and every row is predicted malignant, so the
     * accuracy is the malignant share of wdbc.csv, 212 of 569 rows (and the loss is ln 2), for the
     * single-trial and the fused route alike.
     */
    @Test
    void stepOnesAccuracyIsThatOfTheZeroWeights() throws Exception {
        for (String rates : new String[] {"0.1", "0.1,0.2,0.3,0.4,0.5"}) {
            JsonNode trials = json("grid", "--model", "logistic", "--data", WDBC, "--target", "malignant",
                    "--standardize", "--rates", rates, "--steps", "3", "--log-every", "1").get("trials");
            for (JsonNode t : trials) {
                JsonNode first = t.get("history").get(0);
                assertEquals(1, first.get("step").asInt());
                assertEquals(212.0 / 569, first.get("accuracy").asDouble(), 1e-15, rates);
                assertEquals(Math.log(2), first.get("loss").asDouble(), 1e-14, rates);
            }
        }
    }

    @Test
    void compatTorchChangesTheAdamTrajectoryAsPredicted() throws Exception {
        String[] base = {"grid", "--rates", "0.5", "--data", APPLES, "--no-intercept", "--optimizer", "adam",
            "--steps", "5"};
        JsonNode keras = json(base).get("trials").get(0).get("params");
        JsonNode torch = json(ReferenceExperimentTest.concat(base, "--compat", "torch")).get("trials").get(0).get("params");
        double[] k = adam(0.5, 5, false, 1e-7);
        double[] t = adam(0.5, 5, true, 1e-8);
        assertEquals(k[0], keras.get("a1").asDouble(), 1e-12);
        assertEquals(k[1], keras.get("a2").asDouble(), 1e-12);
        assertEquals(t[0], torch.get("a1").asDouble(), 1e-12);
        assertEquals(t[1], torch.get("a2").asDouble(), 1e-12);
        assertNotEquals(keras.get("a1").asDouble(), torch.get("a1").asDouble());
    }

    @Test
    void theLogisticMustShowIsReproducibleAndIdenticalForAnyJobs() {
        String[] cmd = {"grid", "--rates", "1e-3,3e-3,1e-2", "--data", WDBC, "--target", "malignant", "--model",
            "logistic", "--standardize", "--optimizer", "adam", "--schedule",
            "warmup(steps=10,then=cosine(decay_steps=200))", "--batch-size", "32", "--val-split", "0.2",
            "--reduce-on-plateau", "factor=0.5,patience=5", "--seed", "1", "--format", "json"};
        String one = ReferenceExperimentTest.stripTimings(Cli.run(ReferenceExperimentTest.concat(cmd, "--jobs", "1")).out());
        String four = ReferenceExperimentTest.stripTimings(Cli.run(ReferenceExperimentTest.concat(cmd, "--jobs", "4")).out());
        assertEquals(one, four);
        assertTrue(one.contains("\"history\""));
        assertTrue(one.contains("\"val_accuracy\""));
        String other = ReferenceExperimentTest.stripTimings(Cli.run(ReferenceExperimentTest.concat(cmd, "--seed", "2")).out());
        assertNotEquals(one, other, "another seed, another split and batch order");
    }

    @Test
    void historyHoldsEveryLoggedStepWithItsRate() throws Exception {
        JsonNode t = json("grid", "--rates", "0.02", "--data", APPLES, "--no-intercept", "--log-every", "1", "--steps", "4",
                "--schedule", "exponential(decay_steps=1,decay_rate=0.5)").get("trials").get(0);
        JsonNode h = t.get("history");
        assertEquals(4, h.size());
        for (int k = 0; k < 4; k++) {
            assertEquals(k + 1, h.get(k).get("step").asInt());
            assertEquals(0.02 * Math.pow(0.5, k), h.get(k).get("lr").asDouble(), 1e-15);
        }
        // loss at step 1 is the loss at θ = 0: mean(y²)
        assertEquals((190.0 * 190 + 330 * 330 + 660 * 660) / 3, h.get(0).get("loss").asDouble(), 1e-9);
    }

    @Test
    void showParamsNamesEveryParameterInTheHeader() {
        // diabetes has 10 features: 11 parameters, more than a table shows unasked
        String[] cmd = {"grid", "--rates", "0.1", "--data", "examples/diabetes/diabetes.csv", "--steps", "2",
            "--standardize"};
        assertTrue(!Cli.run(cmd).out().contains("parameters: a1 = age"));
        Cli shown = Cli.run(ReferenceExperimentTest.concat(cmd, "--show-params"));
        assertEquals(0, shown.code(), shown.err());
        assertTrue(shown.out().contains("parameters: a1 = age, a2 = sex, a3 = bmi"), shown.out());
        assertTrue(shown.out().contains("a10 = glu, b = intercept"), shown.out());
    }

    @Test
    void summaryTableShowsTheBatchSizeATrialRanWith() throws Exception {
        // apples has 3 rows: a batch of 64 is the full batch, 3 rows, as the JSON says
        String[] cmd = {"grid", "--rates", "0.01", "--data", APPLES, "--no-intercept", "--steps", "3",
            "--batch-size", "64,2"};
        Cli table = Cli.run(cmd);
        List<String> rows = table.out().lines().filter(l -> l.matches("\\s+[01]\\s+0\\.01\\s+.*")).toList();
        assertEquals(2, rows.size(), table.out());
        assertEquals("3", rows.get(0).trim().split("\\s+")[2], table.out());
        assertEquals("(64)", rows.get(0).trim().split("\\s+")[3], table.out());
        assertEquals("2", rows.get(1).trim().split("\\s+")[2], table.out());
        JsonNode trials = json(cmd).get("trials");
        assertEquals(3, trials.get(0).get("batch_size").asInt());
        assertEquals(2, trials.get(1).get("batch_size").asInt());
    }

    @Test
    void plateauEventsAppearInTablesAndJson() throws Exception {
        // lr 0.04 diverges: the loss never improves after epoch 0, so Keras reduces at epoch 2 (patience 2),
        // which its message (and ours) counts from 1: "Epoch 3: ReduceLROnPlateau reducing ..."
        String[] cmd = {"grid", "--rates", "0.04", "--data", APPLES, "--no-intercept", "--steps", "6",
            "--reduce-on-plateau", "factor=0.5,patience=2"};
        Cli table = Cli.run(cmd);
        assertTrue(table.out().contains("[step 3] epoch 3: lr reduced 0.04 -> 0.02 (plateau)"), table.out());
        JsonNode ev = json(cmd).get("trials").get(0).get("events").get(0);
        assertEquals("lr_reduced", ev.get("kind").asText());
        assertEquals(3, ev.get("step").asInt());
        assertEquals(2, ev.get("epoch").asInt(), "JSON epochs are 0-based, as Keras passes them to callbacks");
        assertTrue(ev.get("message").asText().startsWith("epoch 3: "), ev.toString());
        assertEquals(0.02, ev.get("new_lr").asDouble(), 0);
    }

    @Test
    void standardizedLinearFitIsReportedInOriginalUnits() throws Exception {
        // GD on standardized features converges fast; mapped back, it must equal least squares on the raw data
        String data = "examples/diabetes/diabetes.csv";
        JsonNode t = json("grid", "--rates", "0.24", "--data", data, "--standardize", "--steps", "8000",
                "--log-every", "8000").get("trials").get(0);
        Dataset raw = CsvReader.read(Path.of(data), CsvOptions.defaults());
        double[] opt = LinearAnalysis.of(raw, true).optimumParams();
        JsonNode p = t.get("params_original_units");
        for (int j = 0; j < 10; j++) {
            assertEquals(opt[j], p.get("a" + (j + 1)).asDouble(), 1e-6 * Math.max(1, Math.abs(opt[j])), "a" + (j + 1));
        }
        assertEquals(opt[10], p.get("b").asDouble(), 1e-6 * Math.abs(opt[10]));
    }

    @Test
    void layerMultiplierZeroFreezesTheFirstLayer() throws Exception {
        String[] cmd = {"grid", "--rates", "0.05", "--data", APPLES, "--model", "mlp(hidden=4,layers=1)", "--steps", "1",
            "--show-params", "--seed", "3"};
        JsonNode frozen = json(ReferenceExperimentTest.concat(cmd, "--layer-lr", "0,1")).get("trials").get(0).get("params");
        JsonNode init = json(ReferenceExperimentTest.concat(cmd, "--layer-lr", "0,0")).get("trials").get(0).get("params");
        JsonNode free = json(ReferenceExperimentTest.concat(cmd, "--layer-lr", "1,1")).get("trials").get(0).get("params");
        assertEquals(init.get("w1_0_0").asDouble(), frozen.get("w1_0_0").asDouble(), 0);
        assertNotEquals(init.get("w2_0_0").asDouble(), frozen.get("w2_0_0").asDouble());
        assertNotEquals(init.get("w1_0_0").asDouble(), free.get("w1_0_0").asDouble());
        Cli wrong = Cli.run(ReferenceExperimentTest.concat(cmd, "--layer-lr", "1,1,1"));
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("--layer-lr: the model has 2 layer(s), got 3"), wrong.err());
    }

    @Test
    void linearScalingRuleMultipliesTheRate() throws Exception {
        // full batch of 3 rows against a base batch of 6: the linear rule halves 0.04 to 0.02
        JsonNode scaled = json("grid", "--rates", "0.04", "--data", APPLES, "--no-intercept", "--scale-lr", "linear",
                "--base-batch", "6").get("trials").get(0).get("params");
        JsonNode plain = json("grid", "--rates", "0.02", "--data", APPLES, "--no-intercept").get("trials").get(0)
                .get("params");
        assertEquals(plain.get("a1").asDouble(), scaled.get("a1").asDouble(), 0);
        // the rule scales a schedule's absolute rates with the swept one: cyclic from 0.04 up to
        // max 0.06 at half the rate is cyclic from 0.02 up to 0.03
        JsonNode cyclic = json("grid", "--rates", "0.04", "--data", APPLES, "--no-intercept", "--scale-lr", "linear",
                "--base-batch", "6", "--schedule", "cyclic(max=0.06,step_size_up=5)").get("trials").get(0).get("params");
        JsonNode byHand = json("grid", "--rates", "0.02", "--data", APPLES, "--no-intercept", "--schedule",
                "cyclic(max=0.03,step_size_up=5)").get("trials").get(0).get("params");
        assertEquals(byHand.get("a1").asDouble(), cyclic.get("a1").asDouble(), 1e-12 * Math.abs(byHand.get("a1").asDouble()));
        assertEquals(byHand.get("a2").asDouble(), cyclic.get("a2").asDouble(), 1e-12 * Math.abs(byHand.get("a2").asDouble()));
        // a base batch alone would scale nothing: refused rather than ignored
        Cli alone = Cli.run("grid", "--rates", "0.04", "--data", APPLES, "--no-intercept", "--base-batch", "6");
        assertEquals(2, alone.code());
        assertTrue(alone.err().contains("--base-batch: only used with --scale-lr"), alone.err());
    }

    @Test
    void softmaxOnTextLabels(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("x1,x2,colour\n");
        String[] labels = {"red", "green", "blue"};
        for (int i = 0; i < 30; i++) sb.append(i % 3).append(',').append((i * 7) % 5).append(',').append(labels[i % 3]).append('\n');
        Path f = dir.resolve("c.csv");
        java.nio.file.Files.writeString(f, sb.toString());
        JsonNode t = json("grid", "--rates", "0.5", "--data", f.toString(), "--model", "softmax", "--steps", "300")
                .get("trials").get(0);
        // x1 alone separates the classes, so a trained softmax classifies every row
        assertEquals(1.0, t.get("final_accuracy").asDouble(), 0);
    }

    @Test
    void earlyStoppingSetsTheStatus() throws Exception {
        JsonNode t = json("grid", "--rates", "0.04", "--data", APPLES, "--no-intercept", "--steps", "50",
                "--early-stopping", "patience=3").get("trials").get(0);
        assertEquals("diverged", t.get("status").asText());
        JsonNode s = json("grid", "--rates", "1e-9", "--data", APPLES, "--no-intercept", "--steps", "50",
                "--early-stopping", "patience=2,min_delta=1e6").get("trials").get(0);
        assertEquals("stopped_early", s.get("status").asText());
        assertEquals(3, s.get("steps_run").asInt());
    }

    @Test
    void badTrainingFlags() {
        String[][] cases = {
            {"--optimizer", "adamm", "--optimizer: unknown optimizer"},
            {"--schedule", "cosine(decay_step=10)", "--schedule: cosine: unknown key 'decay_step'"},
            {"--reduce-on-plateau", "factor=2", "--reduce-on-plateau:"},
            {"--early-stopping", "patience=x", "--early-stopping:"},
            {"--model", "mlp(hidden=0)", "--model:"},
            {"--val-split", "1.5", "--val-split: must lie strictly between 0 and 1"},
            {"--clip-norm", "-1", "--clip-norm: must be a finite number > 0"},
            {"--scale-lr", "linear", "--scale-lr: needs --base-batch"},
            {"--batch-size", "0", "--batch-size: must be at least 1"},
        };
        for (String[] c : cases) {
            Cli r = Cli.run("grid", "--rates", "0.01", "--data", APPLES, c[0], c[1]);
            assertEquals(2, r.code(), String.join(" ", c) + ": " + r.err());
            assertTrue(r.err().contains(c[2]), c[0] + " gave: " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        Cli both = Cli.run("grid", "--rates", "0.01", "--data", APPLES, "--steps", "5", "--epochs", "2");
        assertTrue(both.err().contains("--steps and --epochs: give one, not both"));
        Cli logistic = Cli.run("grid", "--rates", "0.01", "--data", APPLES, "--model", "logistic");
        assertEquals(2, logistic.code());
        assertTrue(logistic.err().contains("must be 0 or 1"), logistic.err());
        // data row 1 is the file's line 2; the target y is its third field
        assertTrue(logistic.err().contains(APPLES + ":2:3: --model logistic: "), logistic.err());
    }

    @Test
    void eventCountsAreWholeNumbersInTheJson(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path json = dir.resolve("e.json");
        Cli r = Cli.run("grid", "--rates", "0.035", "--data", APPLES, "--no-intercept", "--early-stopping", "patience=3",
                "-q", "--json", json.toString());
        assertEquals(3, r.code(), r.err()); // it stops above its start: diverged, the one trial
        com.fasterxml.jackson.databind.JsonNode ev = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.toFile()).get("trials").get(0).get("events").get(0);
        assertEquals("stopped_early", ev.get("kind").asText());
        assertTrue(ev.get("epoch").isIntegralNumber() && ev.get("best_epoch").isIntegralNumber(), ev.toString());
        assertTrue(ev.get("best").isFloatingPointNumber(), ev.toString());
    }

    @Test
    void whenEveryTrialDivergesNoTrialReachesABestSeenTarget(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // the reference would be the start loss, which every trial "reaches" at step 1
        java.nio.file.Path json = dir.resolve("d.json");
        Cli r = Cli.run("grid", "--rates", "5,10", "--data", "examples/breast_cancer/wdbc.csv", "--target", "malignant",
                "--model", "logistic", "--steps", "20", "-q", "--json", json.toString());
        assertEquals(3, r.code(), r.err());
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.toFile());
        assertTrue(root.get("reference").get("loss").isNull(), root.get("reference").toString());
        for (com.fasterxml.jackson.databind.JsonNode t : root.get("trials")) {
            assertEquals("diverged", t.get("status").asText());
            assertTrue(t.get("steps_to_target").isNull(), t.toString());
        }
    }

    @Test
    void valuesTooLargeForTheClosedFormAreADataError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path data = dir.resolve("big.csv");
        java.nio.file.Files.writeString(data, "x1,x2,y\n1,2,3\n1e154,4,5\n6,7,9\n2,2,2\n");
        for (String model : new String[] {"linear", "mlp(hidden=2)"}) {
            Cli r = Cli.run("grid", "--rates", "0.001", "--data", data.toString(), "--model", model, "--steps", "3");
            if (model.equals("linear")) {
                assertEquals(2, r.code(), r.err());
                assertTrue(r.err().contains(data + ": the closed-form analysis failed on this data"), r.err());
                assertEquals(1, r.err().strip().lines().count(), r.err());
            } else {
                assertTrue(r.code() == 0 || r.code() == 3, model + ": " + r.err());
            }
        }
    }

    @Test
    void aCacheNoteDoesNotJoinAnErrorOnStderr(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path data = dir.resolve("d.csv");
        java.nio.file.Files.writeString(data, "x1,y\n1,0\n2,1\n3,0\n4,1\n");
        assertEquals(0, Cli.run("grid", "--rates", "0.1", "--steps", "2", "--data", data.toString(), "--model",
                "logistic", "--cache", "-q").code());
        // the file changes: the cache is stale and rebuilt (a note), and the new file holds a bad target
        java.nio.file.Files.writeString(data, "x1,y\n1,0\n2,1\n3,7\n4,1\n5,0\n");
        Cli r = Cli.run("grid", "--rates", "0.1", "--steps", "2", "--data", data.toString(), "--model", "logistic",
                "--cache", "-q");
        assertEquals(2, r.code(), r.err());
        assertEquals(data + ":4:2: --model logistic: the target 'y' must be 0 or 1, found 7",
                r.err().strip().replace("lrsweep grid: ", ""));
        // a good run still says the cache was rebuilt
        java.nio.file.Files.writeString(data, "x1,y\n1,0\n2,1\n3,0\n4,1\n5,0\n6,1\n");
        Cli ok = Cli.run("grid", "--rates", "0.1", "--steps", "2", "--data", data.toString(), "--model", "logistic",
                "--cache", "-q");
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.err().contains("cache: ") && ok.err().contains("rebuilt"), ok.err());
    }

    @Test
    void aValidationFilesTargetsAreCheckedAsTheDataFilesAre(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path data = dir.resolve("d.csv");
        java.nio.file.Files.writeString(data, "x1,y\n1,0\n2,1\n3,0\n4,1\n");
        java.nio.file.Path val = dir.resolve("v.csv");
        // the validation file's columns in another order: they are found by name, and so is the place
        java.nio.file.Files.writeString(val, "y,x1\n0,1\n1,2\n7,3\n");
        java.nio.file.Path json = dir.resolve("out.json");
        Cli r = Cli.run("grid", "--rates", "0.1", "--data", data.toString(), "--model", "logistic", "--val",
                val.toString(), "--json", json.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(val + ":4:1: --model logistic: the target 'y' must be 0 or 1, found 7"),
                r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(!java.nio.file.Files.exists(json), "no output on a data error");
    }
}
