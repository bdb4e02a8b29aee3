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
