package dev.descent.bench;

import dev.descent.kernel.Kernels;
import dev.descent.kernel.MatMul;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The Descent side of {@code bench/matmul-paired}: square products on request, so that a peer
 * can alternate with it a fraction of a second at a time. On a machine shared with other work, two
 * runs side by side in alternation see the same load, where two runs one after the other do not.
 *
 * <p>Arguments: {@code n threads tile [float64|float32]}. After warming up it prints {@code ready}; then each input
 * line {@code run SECONDS} runs products for about that long and prints the rate in GFLOP/s.
 */
public final class MatMulPaired {
    private MatMulPaired() {
    }

    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        Kernels.setThreads(Integer.parseInt(args[1]));
        Kernels.setMatMulTile(args.length > 2 ? args[2] : "auto");
        String dtype = args.length > 3 ? args[3] : "float64";
        if (!dtype.equals("float64") && !dtype.equals("float32")) {
            System.err.println("MatMulPaired: the dtype is float64 or float32, not " + dtype);
            System.exit(2);
        }
        boolean float32 = dtype.equals("float32");
        Random rng = new Random(0);
        double[] a = new double[n * n];
        double[] b = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian();
            b[i] = rng.nextGaussian();
        }
        Runnable product;
        if (float32) {
            float[] af = new float[n * n];
            float[] bf = new float[n * n];
            float[] cf = new float[n * n];
            for (int i = 0; i < a.length; i++) {
                af[i] = (float) a[i];
                bf[i] = (float) b[i];
            }
            product = () -> MatMul.multiply(af, 0, bf, 0, cf, 0, n, n, n);
        } else {
            double[] c = new double[n * n];
            product = () -> MatMul.multiply(a, 0, b, 0, c, 0, n, n, n);
        }
        run(product, n, 3.0);
        System.out.println("ready " + dtype + ", " + Kernels.describe() + " ("
                + System.getProperty("java.version") + ")");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && line.startsWith("run "); line = in.readLine()) {
            System.out.println(run(product, n, Double.parseDouble(line.substring(4).trim())));
        }
    }

    /** Runs whole products for about {@code seconds} and returns their rate in GFLOP/s. */
    private static double run(Runnable product, int n, double seconds) {
        double flops = 2.0 * n * n * n;
        return 1e-9 * BuildPair.rate(() -> {
            product.run();
            return flops;
        }, seconds);
    }
}
