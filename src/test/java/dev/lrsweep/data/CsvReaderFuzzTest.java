package dev.lrsweep.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes {@link CsvReader}: whatever the bytes, reading either gives a well-formed dataset (at
 * least one row and one feature, every value finite) or fails with a {@link DataException}; never
 * another exception.
 *
 * <p>The first input byte chooses the options (bit 0 clear: header row; bit 1: target {@code y};
 * bit 2: features {@code x}; bits 3-4: delimiter {@code , ; tab |}; bit 5: class labels); the
 * rest is the file.
 *
 * <p>Under plain {@code mvn test} (no {@code JAZZER_FUZZ}) Jazzer runs in regression mode: each
 * file in {@code src/test/resources/dev/lrsweep/data/CsvReaderFuzzTestInputs/csv/} once, offline,
 * in a second or so. To fuzz for real (coverage-guided, stops after {@code maxDuration}):
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=CsvReaderFuzzTest}. Jazzer keeps its growing corpus in
 * {@code .cifuzz-corpus/} and writes a failing input into the inputs directory above, where it
 * then stays as a regression case.
 */
class CsvReaderFuzzTest {
    private static final char[] DELIMITERS = {',', ';', '\t', '|'};

    @FuzzTest(maxDuration = "60s")
    void csv(byte[] input) throws IOException {
        int flags = input.length == 0 ? 0 : input[0];
        byte[] content = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        CsvOptions options = new CsvOptions((flags & 1) == 0, (flags & 2) != 0 ? "y" : null,
                (flags & 4) != 0 ? List.of("x") : null, DELIMITERS[(flags >> 3) & 3], (flags & 32) != 0);
        Path file = Files.createTempFile("fuzz", ".csv");
        try {
            Files.write(file, content);
            Dataset d;
            try {
                d = CsvReader.read(file, options);
            } catch (DataException e) {
                assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a DataException says what is wrong");
                return;
            }
            assertTrue(d.rows() >= 1 && d.features() >= 1, "a dataset has rows and features");
            assertEquals((long) d.rows() * d.features(), d.xArray().length);
            for (double v : d.xArray()) assertTrue(Double.isFinite(v), "finite features");
            for (double v : d.yArray()) assertTrue(Double.isFinite(v), "finite target");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
