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

    /** Where content goes: {@link AtomicOutput#write} itself, or a {@link Batch} that holds it back. */
    @FunctionalInterface
    public interface Sink {
        /** Writes {@code content} to {@code target} (or stages it); as {@link AtomicOutput#write}. */
        void write(Path target, Content content) throws IOException;
    }

    /**
     * Several files that appear together or not at all: {@link #write} stages each regular file to a
     * temporary file beside its target (a device or a pipe, which cannot be staged, keeps its
     * content to write), {@link #commit} puts them in place once every one is staged, and
     * {@link #close} removes whatever was not committed. So a file that fails to be written leaves
     * none of the batch's files changed. At the commit the devices and pipes come first (a full
     * disk behind /dev/full stops the batch before any rename); a pipe whose reader has left does
     * not stop the rest, as a closed stdout does not. {@link #written()} tells what was written
     * when a commit fails part-way (a device before the failure; a rename failing after every byte
     * is on disk).
     */
    public static final class Batch implements Sink, AutoCloseable {
        /** One file of the batch: staged to {@code temp}, or (a device, a pipe) its content to write. */
        private record Staged(Path asked, Path target, Path temp, Content direct) {
        }

        private final java.util.List<Staged> staged = new java.util.ArrayList<>();
        private final java.util.List<Path> written = new java.util.ArrayList<>();
        private boolean committed;

        @Override
        public void write(Path target, Content content) throws IOException {
            if (committed) throw new IllegalStateException("the batch is committed");
            Path abs = destination(target);
            boolean device = special(abs);
            Path tmp = device ? null : named(target, () -> stage(abs, content));
            staged.add(new Staged(target, abs, tmp, device ? content : null));
        }

        /**
         * Writes to the devices and pipes, then moves every staged file into place, each in the order
         * staged. The first failure is thrown once the commit has gone as far as it may: past a pipe
         * whose reader has left, not past any other failure.
         */
        public void commit() throws IOException {
            if (committed) throw new IllegalStateException("the batch is committed");
            committed = true;
            IOException left = null;
            for (Staged f : staged) {
                if (f.direct() == null) continue;
                try {
                    named(f.asked(), () -> {
                        writeDirect(f.target(), f.direct());
                        return f.target();
                    });
                    written.add(f.asked());
                } catch (IOException e) {
                    if (!readerLeft(e)) throw e;
                    if (left == null) left = e;
                }
            }
            for (int i = 0; i < staged.size(); i++) {
                Staged f = staged.get(i);
                if (f.temp() == null) continue;
                try {
                    named(f.asked(), () -> {
                        moveIntoPlace(f.temp(), f.target());
                        return f.target();
                    });
                } catch (IOException e) {
                    if (left != null) e.addSuppressed(left);
                    throw e;
                }
                // in place: nothing left for close() to remove
                staged.set(i, new Staged(f.asked(), f.target(), null, null));
                written.add(f.asked());
            }
            if (left != null) throw left;
        }

        /** The targets written so far, as asked for, in the order written. */
        public java.util.List<Path> written() {
            return java.util.List.copyOf(written);
        }

        /**
         * Whether a write failed because the pipe's reader had gone (| head): the reason the system
         * gave, not a message that holds the file's name (a pipe may be called "thepipe").
         */
        private static boolean readerLeft(IOException e) {
            String reason = e instanceof java.nio.file.FileSystemException fs ? fs.getReason() : e.getMessage();
            return reason != null && reason.strip().equalsIgnoreCase("Broken pipe");
        }

        /** Removes the staged files that were not put in place. */
        @Override
        public void close() throws IOException {
            IOException first = null;
            for (Staged f : staged) {
                if (f.temp() == null) continue;
                try {
                    Files.deleteIfExists(f.temp());
                } catch (IOException e) {
                    if (first == null) first = e;
                }
            }
            staged.clear();
            if (first != null) throw first;
        }
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
            writeDirect(abs, content);
            return;
        }
        Path tmp = named(target, () -> stage(abs, content));
        try {
            named(target, () -> {
                moveIntoPlace(tmp, abs);
                return tmp;
            });
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A device or a pipe (/dev/null, /dev/stdout's target): written to directly, as renaming a file
     * over it would replace it.
     */
    private static void writeDirect(Path abs, Content content) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(abs, StandardOpenOption.WRITE), 1 << 16)) {
            content.writeTo(out);
        }
    }

    /**
     * A file-system step whose error is named by the file asked for, not the temporary one beside
     * it (a full disk, for one, is a plain IOException that names no file).
     */
    private static Path named(Path target, FileStep step) throws IOException {
        try {
            return step.run();
        } catch (java.nio.file.FileSystemException e) {
            String reason = e.getReason() != null ? e.getReason()
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                    : e.getClass().getSimpleName();
            java.nio.file.FileSystemException named = new java.nio.file.FileSystemException(target.toString(), null, reason);
            named.initCause(e);
            throw named;
        } catch (IOException e) {
            String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            java.nio.file.FileSystemException named = new java.nio.file.FileSystemException(target.toString(), null, reason);
            named.initCause(e);
            throw named;
        }
    }

    @FunctionalInterface
    private interface FileStep {
        Path run() throws IOException;
    }

    /**
     * Writes the content to a new temporary file beside {@code abs} and returns it; removes it when
     * writing fails.
     */
    private static Path stage(Path abs, Content content) throws IOException {
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
        boolean staged = false;
        try {
            try (OutputStream out = new BufferedOutputStream(file, 1 << 16)) {
                content.writeTo(out);
            }
            staged = true;
            return tmp;
        } finally {
            if (!staged) Files.deleteIfExists(tmp);
        }
    }

    /** Renames the staged file over the target. */
    private static void moveIntoPlace(Path tmp, Path abs) throws IOException {
        try {
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
