package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model too large for the heap: one line, exit 2, and the process ends at once. */
class OutOfMemoryTest {
    @TempDir
    Path dir;

    @Test
    void aModelTooLargeForTheHeapIsOneLineAndExitTwoWithoutWaiting() throws Exception {
        Path data = dir.resolve("d.csv");
        Files.writeString(data, "x1,y\n1,2\n2,3\n3,5\n4,4\n");
        Path json = dir.resolve("out.json");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), "dev.lrsweep.cli.Main",
                "grid", "--data", data.toString(), "--rates", "0.1", "--steps", "2", "--model", "mlp(hidden=5000,layers=2)",
                "--json", json.toString()));
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile())
                .start();
        // the shutdown hook used to wait 60 s for a summary an Error had prevented
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the process did not end");
        assertEquals(2, p.exitValue(), Files.readString(err));
        List<String> lines = Files.readAllLines(err);
        assertEquals(1, lines.size(), String.join("\n", lines));
        // 1·5000 + 5000 + 5000·5000 + 5000 + 5000 + 1 = 25,020,001 parameters: about 1.2 GB at six
        // vectors of 8 bytes, far over a 64 MB heap, refused before anything is allocated
        assertTrue(lines.get(0).startsWith("lrsweep grid: --model: mlp(hidden=5000,layers=2): about 1145 MB for its 25020001 "
                + "parameters and buffers, more than the Java heap holds"), lines.get(0));
        assertTrue(!Files.exists(json), "no output file");
    }
}
