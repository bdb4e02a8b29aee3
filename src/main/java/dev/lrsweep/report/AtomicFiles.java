package dev.lrsweep.report;

import dev.lrsweep.data.AtomicOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes output files all at once: to a temporary file beside the target, then a rename, so an
 * interrupted or failed run never leaves a half-written file under the target's name. The
 * mechanism is {@link AtomicOutput}'s, shared with the data layer's cache.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} with {@code text} (UTF-8).
     *
     * @throws IOException when the directory is missing or not writable; the target is then untouched
     */
    public static void write(Path target, String text) throws IOException {
        write(AtomicOutput::write, target, text);
    }

    /** Gives {@code text} (UTF-8) for {@code target} to {@code sink}: written, or staged in a batch. */
    public static void write(AtomicOutput.Sink sink, Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sink.write(target, out -> out.write(bytes));
    }

    /** Replaces {@code target} with what {@code content} writes. */
    public static void write(Path target, AtomicOutput.Content content) throws IOException {
        AtomicOutput.write(target, content);
    }
}
