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
 * first (a generated dataset, a dataset cache). A symbolic link is followed (the link stays); a
 * device or a pipe is written to directly.
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
     * The file a write to {@code target} replaces: the absolute path, with symbolic links followed
     * (so that a link stays a link and its file gets the content; a dangling link's file is created).
     */
    public static Path destination(Path target) {
        Path abs = target.toAbsolutePath();
        // a device or a pipe, through links or not (/dev/stdout -> /proc/self/fd/1 -> pipe:[…]): as given
        if (special(abs)) return abs;
        if (Files.exists(abs)) {
            try {
                return abs.toRealPath();
            } catch (IOException e) {
                return abs;
            }
        }
        for (int hops = 0; hops < 40 && Files.isSymbolicLink(abs); hops++) {
            try {
                abs = abs.resolveSibling(Files.readSymbolicLink(abs)).normalize();
            } catch (IOException e) {
                break;
            }
        }
        return abs;
    }

    /** Whether {@code file} exists and is neither a regular file nor a directory: a device, a pipe, a socket. */
    public static boolean special(Path file) {
        return Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file);
    }

    /**
     * Replaces {@code target} with what {@code content} writes.
     *
     * @throws IOException when the directory is missing or not writable, or writing fails; the
     *                     target is then untouched
     */
    public static void write(Path target, Content content) throws IOException {
        Path abs = destination(target);
        if (special(abs)) {
            // a device or a pipe (/dev/null, /dev/stdout's target): written to directly, as renaming
            // a file over it would replace it
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(abs, StandardOpenOption.WRITE), 1 << 16)) {
                content.writeTo(out);
            }
            return;
        }
        try {
            replace(abs, content);
        } catch (java.nio.file.FileSystemException e) {
            // named by the file asked for, not the temporary one beside it
            String reason = e.getReason() != null ? e.getReason()
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                    : e.getClass().getSimpleName();
            throw new java.nio.file.FileSystemException(target.toString(), null, reason);
        }
    }

    private static void replace(Path abs, Content content) throws IOException {
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
