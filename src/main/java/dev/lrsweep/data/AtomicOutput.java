package dev.lrsweep.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Streams a file into place atomically: the bytes go to a temporary file beside the target, which
 * is renamed over the target only once they are all written. A failed or interrupted write leaves
 * the target as it was and no temporary file behind. For output too large to build in memory
 * first (a generated dataset, a dataset cache).
 */
public final class AtomicOutput {
    /** What writes the content. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes everything to {@code out}; need not flush or close it.
         *
         * @throws IOException when writing fails; the target is then untouched
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicOutput() {
    }

    /**
     * Replaces {@code target} with what {@code content} writes.
     *
     * @throws IOException when the directory is missing or not writable, or writing fails; the
     *                     target is then untouched
     */
    public static void write(Path target, Content content) throws IOException {
        Path abs = target.toAbsolutePath();
        Path tmp = null;
        OutputStream file = null;
        // not Files.createTempFile: its files are private (0600); this one gets the umask's permissions
        for (int attempt = 0; file == null; attempt++) {
            tmp = abs.resolveSibling("." + abs.getFileName() + "." + Long.toUnsignedString(
                    ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                file = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) throw e;
            }
        }
        // a process stopped by SIGTERM or Ctrl-C while writing removes the partial file on its way out
        tmp.toFile().deleteOnExit();
        try {
            try (OutputStream out = new BufferedOutputStream(file, 1 << 16)) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
