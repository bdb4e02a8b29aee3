package dev.lrsweep.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The hex SHA-256 of a data file's bytes, as {@code sha256sum} prints it.
 *
 * <p>Hashing is sequential and costs about as much as parsing (about 1 GB/s), so a dataset read by
 * the fast path does not hash while it parses: the digest is computed from the file when first
 * asked for, or ahead of that on a background thread once {@link #prefetch()} is called (the
 * command line does so when its output will report the digest, so that the hash overlaps training).
 * A run that never reports it never pays for it. The file's size and modification time are taken
 * before parsing; if they differ when the hash is taken, the file changed under the run and
 * {@link #hex()} throws a {@link DataException} rather than report a digest of other bytes.
 */
public final class ContentDigest {
    private static final int BLOCK = 256 << 10;

    private final String known;
    private final Path file;
    private final String name;
    private final long size;
    private final long mtimeNanos;
    private CompletableFuture<String> future;

    private ContentDigest(String known, Path file, String name, long size, long mtimeNanos) {
        this.known = known;
        this.file = file;
        this.name = name;
        this.size = size;
        this.mtimeNanos = mtimeNanos;
    }

    /** A digest already known (from bytes in memory, or a cache), or none when {@code hex} is null. */
    public static ContentDigest of(String hex) {
        return new ContentDigest(hex, null, null, 0, 0);
    }

    /** The digest of {@code bytes}, computed now. */
    static ContentDigest ofBytes(byte[] bytes) {
        return of(CsvReader.sha256(bytes));
    }

    /**
     * The digest of {@code file}, to be computed later; {@code size} and {@code mtimeNanos} are what
     * the file had when it was read.
     */
    static ContentDigest ofFile(Path file, String name, long size, long mtimeNanos) {
        return new ContentDigest(null, file, name, size, mtimeNanos);
    }

    /** The file's size and modification time (ns) now. */
    static long[] stamp(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new long[] {a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)};
    }

    /** Starts computing the digest on a background (daemon) thread, if it is not known yet. */
    public void prefetch() {
        start(true);
    }

    /**
     * The hex digest, or null when there is no file behind the data; waits for a computation under
     * way or computes it on this thread.
     *
     * @throws DataException when the file cannot be read again or changed since it was parsed
     */
    public String hex() {
        if (file == null) return known;
        CompletableFuture<String> f = start(false);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException r) throw r;
                    if (c instanceof Error err) throw err;
                    throw new IllegalStateException(c);
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private synchronized CompletableFuture<String> start(boolean background) {
        if (file == null) return CompletableFuture.completedFuture(known);
        if (future == null) {
            future = new CompletableFuture<>();
            if (background) {
                Thread t = new Thread(this::complete, "lrsweep-sha256");
                t.setDaemon(true);
                t.start();
            } else {
                complete();
            }
        }
        return future;
    }

    private void complete() {
        try {
            future.complete(compute());
        } catch (Throwable t) {
            future.completeExceptionally(t);
        }
    }

    /** A new SHA-256 digest: the one algorithm the data layer hashes with. */
    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private String compute() {
        MessageDigest md = newSha256();
        long hashed = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(BLOCK);
            int n;
            while ((n = ch.read(buf.clear(), hashed)) > 0) {
                md.update(buf.array(), 0, n);
                hashed += n;
            }
            long[] now = stamp(file);
            if (hashed != size || now[0] != size || now[1] != mtimeNanos) {
                throw new DataException(name + ": the file changed while lrsweep was using it");
            }
        } catch (IOException e) {
            throw new DataException(name + ": cannot read it again to hash it: " + e.getMessage());
        }
        return CsvReader.hex(md.digest());
    }
}
