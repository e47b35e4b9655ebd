package dev.descent.data;

import java.util.Random;

/** Seeded random orders of {@code 0..n-1}, shared by {@link DataLoader} and {@link Split}. */
final class Permutations {
    private Permutations() {
    }

    /** A Fisher–Yates shuffle of {@code 0..n-1} driven by {@code rng}; java.util.Random is specified, so the order is the same on every JVM. */
    static int[] shuffled(int n, Random rng) {
        int[] order = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /**
     * A seed for epoch {@code epoch} of a stream seeded with {@code seed}: SplitMix64's finaliser
     * of {@code seed + (epoch + 1)·φ}, so neighbouring epochs (and seeds) give unrelated orders.
     */
    static long epochSeed(long seed, long epoch) {
        long z = seed + (epoch + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
