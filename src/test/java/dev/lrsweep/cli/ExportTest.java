package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportTest {
    static final String APPLES = "examples/qiita/apples.csv";

    @Test
    void csvIsLongFormatWithOneRowPerTrialAndLoggedStep(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("steps.csv");
        Cli r = Cli.run("grid", "--rates", "0.01,0.02", "--data", APPLES, "--no-intercept", "--optimizer",
                "sgd(momentum=0.5,nesterov=true)", "-q", "--csv", csv.toString());
        assertEquals(0, r.code(), r.err());
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(Files.readString(csv))).getRecords();
        assertEquals(2 * 10, rows.size());
        CSVRecord first = rows.get(0);
        assertEquals("0", first.get("trial"));
        assertEquals("sgd(momentum=0.5,nesterov=true)", first.get("optimizer"));
        assertEquals("10", first.get("step"));
        assertEquals("", first.get("val_loss"));
        assertTrue(first.isMapped("a1") && first.isMapped("a2"));
        assertEquals("1", rows.get(10).get("trial"));
    }

    @Test
    void aNetworkLogsNormsUnlessItsParametersAreShown(@TempDir Path dir) throws Exception {
        // a network's logged steps keep only |θ| unless --show-params: its JSON history has no
        // parameters, so the summary is the same either way, and a log written without them
        // resumes with --show-params and --csv (their rows then show |θ| and empty cells)
        String[] sweep = {"grid", "--rates", "0.01,0.1", "--data", "examples/breast_cancer/wdbc.csv", "--target",
            "malignant", "--standardize", "--model", "mlp(hidden=4)", "--steps", "20", "--log-every", "5"};
        Path plain = dir.resolve("plain.json");
        Path log = dir.resolve("r.jsonl");
        Cli a = Cli.run(ReferenceExperimentTest.concat(sweep, "--json", plain.toString(), "--results", log.toString()));
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().contains("|theta|="), a.out());
        assertTrue(!Files.readString(log).contains("\"params\""), "the log holds norms only");
        Path shown = dir.resolve("shown.json");
        Cli b = Cli.run(ReferenceExperimentTest.concat(sweep, "--json", shown.toString(), "--show-params"));
        assertEquals(0, b.code(), b.err());
        ObjectMapper m = new ObjectMapper();
        JsonNode pa = m.readTree(plain.toFile());
        JsonNode pb = m.readTree(shown.toFile());
        for (int i = 0; i < 2; i++) {
            assertEquals(pa.get("trials").get(i).get("history"), pb.get("trials").get(i).get("history"));
            assertEquals(pa.get("trials").get(i).get("param_norm"), pb.get("trials").get(i).get("param_norm"));
        }
        Path csv = dir.resolve("steps.csv");
        Cli c = Cli.run(ReferenceExperimentTest.concat(sweep, "--resume", log.toString(), "--show-params", "--csv",
                csv.toString()));
        assertEquals(0, c.code(), c.err());
        assertTrue(c.err().contains("resume: 2 of 2 trials already finished"), c.err());
        assertTrue(c.out().contains("|theta|="), c.out());
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(Files.readString(csv))).getRecords();
        assertEquals(2 * 4, rows.size());
        // 14 columns of the step, then the network's parameters: 30 inputs x 4 hidden units, 4
        // biases, 4 output weights, 1 output bias; empty for the steps logged with their norm only
        assertEquals(14 + 30 * 4 + 4 + 4 + 1, rows.get(0).size(), rows.get(0).toString());
        for (CSVRecord row : rows) {
            for (int j = 14; j < row.size(); j++) assertEquals("", row.get(j), "column " + j);
        }
    }

    @Test
    void jsonlStreamsTrialsThenTheSummary() throws Exception {
        Cli r = Cli.run("grid", "--rates", "0.01,0.02,0.04", "--data", APPLES, "--no-intercept", "--format", "jsonl");
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        ObjectMapper m = new ObjectMapper();
        int trials = 0;
        for (int i = 0; i < 3; i++) {
            JsonNode t = m.readTree(lines.get(i));
            assertEquals("trial", t.get("event").asText());
            trials++;
        }
        assertEquals(3, trials);
        JsonNode summary = m.readTree(lines.get(3));
        assertEquals("summary", summary.get("event").asText());
        assertEquals(3, summary.get("trials").size());
    }

    @Test
    void aLogCutTwiceCanBeResumedTwice(@TempDir Path dir) throws Exception {
        String[] sweep = {"grid", "--rates", "0.01,0.02,0.03,0.032,0.035,0.04", "--data", APPLES, "--target", "y",
            "--no-intercept", "-q"};
        Path log = dir.resolve("r.jsonl");
        assertEquals(0, Cli.run(ReferenceExperimentTest.concat(sweep, "--results", log.toString())).code());
        Path full = dir.resolve("full.json");
        assertEquals(0, Cli.run(ReferenceExperimentTest.concat(sweep, "--json", full.toString())).code());
        for (int cut = 0; cut < 2; cut++) {
            // a kill mid-write: the last line loses its end
            List<String> lines = Files.readAllLines(log);
            String last = lines.get(lines.size() - 1);
            Files.writeString(log, String.join("\n", lines.subList(0, lines.size() - 1)) + "\n"
                    + last.substring(0, last.length() / 2));
            Path resumed = dir.resolve("resumed" + cut + ".json");
            Cli r = Cli.run(ReferenceExperimentTest.concat(sweep, "--resume", log.toString(), "--json", resumed.toString()));
            assertEquals(0, r.code(), r.err());
            assertEquals(ReferenceExperimentTest.stripTimings(Files.readString(full)),
                    ReferenceExperimentTest.stripTimings(Files.readString(resumed)));
            // the fragment was dropped: the header and six whole lines
            assertEquals(7, Files.readAllLines(log).size());
            for (String line : Files.readAllLines(log)) new ObjectMapper().readTree(line);
        }
    }

    @Test
    void resultsRefusesAFileThatExists(@TempDir Path dir) throws Exception {
        Path precious = dir.resolve("precious.csv");
        Files.writeString(precious, "keep me\n");
        Cli r = Cli.run("grid", "--rates", "0.01", "--data", APPLES, "-q", "--results", precious.toString());
        assertEquals(2, r.code());
        assertEquals("lrsweep grid: --results: " + precious + " exists; continue it with --resume " + precious
                + ", or remove it first", r.err().strip());
        assertEquals("keep me\n", Files.readString(precious));
    }

    @Test
    void resumeRefusesAnotherSweepNamingWhatChanged(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("r.jsonl");
        assertEquals(0, Cli.run("grid", "--rates", "0.01,0.02", "--data", APPLES, "-q", "--results", log.toString()).code());
        Cli r = Cli.run("grid", "--rates", "0.01,0.03", "--data", APPLES, "-q", "--resume", log.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is of a different sweep: rates was [0.01,0.02], now [0.01,0.03]"), r.err());
        Cli same = Cli.run("grid", "--rates", "0.01,0.02", "--data", APPLES, "-q", "--resume", log.toString());
        assertEquals(0, same.code(), same.err());
        assertTrue(same.err().contains("resume: 2 of 2 trials already finished"), same.err());
        Cli notALog = Cli.run("grid", "--rates", "0.01", "--data", APPLES, "--resume", APPLES);
        assertEquals(2, notALog.code());
        assertTrue(notALog.err().contains("not an lrsweep results log"), notALog.err());
    }
}
