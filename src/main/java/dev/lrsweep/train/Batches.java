package dev.lrsweep.train;

import java.util.SplittableRandom;

/**
 * The batch order of a run: rows {@code 0..n-1} in batches of {@code size}, reshuffled (seeded,
 * Fisher–Yates) at the start of every epoch when asked; full batches keep the file order. The last
 * batch of an epoch holds the remainder. Allocates only its index array, once.
 */
final class Batches {
    private final int n;
    private final int size;
    private final int perEpoch;
    private final int[] order;
    private final boolean shuffle;
    private final SplittableRandom rng;

    /**
     * @param n       rows
     * @param size    rows per batch; 0 or at least n means one full batch
     * @param shuffle reshuffle every epoch (ignored for full batches)
     * @param rng     the shuffling generator
     */
    Batches(int n, int size, boolean shuffle, SplittableRandom rng) {
        this.n = n;
        this.size = size <= 0 || size >= n ? n : size;
        this.perEpoch = (n + this.size - 1) / this.size;
        this.shuffle = shuffle && this.size < n;
        this.rng = rng;
        if (this.size < n) {
            order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
        } else {
            order = null;
        }
    }

    /** Batches per epoch. */
    int perEpoch() {
        return perEpoch;
    }

    /** Rows per full batch. */
    int size() {
        return size;
    }

    /** The row order, or null for contiguous rows (full batch). */
    int[] order() {
        return order;
    }

    /** Prepares step k (1-based): reshuffles at the start of an epoch. */
    void begin(int k) {
        if (shuffle && position(k) == 0) {
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
    }

    /** Position of step k within its epoch (0-based). */
    int position(int k) {
        return (k - 1) % perEpoch;
    }

    /** The 0-based epoch of step k. */
    int epoch(int k) {
        return (k - 1) / perEpoch;
    }

    /** First index into {@link #order()} (or row) of step k's batch. */
    int from(int k) {
        return position(k) * size;
    }

    /** One past the last index of step k's batch. */
    int to(int k) {
        return Math.min(n, from(k) + size);
    }

    /** Whether step k ends an epoch. */
    boolean endsEpoch(int k) {
        return position(k) == perEpoch - 1;
    }
}
