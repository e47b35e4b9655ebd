package dev.descent.bench;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Two builds of Descent in one JVM, taking turns: each build's jar gets a class loader of its own with
 * this workload class, and the two run a fraction of a second each, alternately, for many rounds.
 * On a shared machine whose speed drifts by a third within minutes, that is what makes a change of a
 * few percent visible: both builds see the same load, and the ratio is taken round by round.
 *
 * <p>Arguments: {@code workload rounds first.jar second.jar} (workloads: {@link BuildPairWorkload}),
 * loaded in that order. Prints the median rates and the median ratio second/first with its quartiles.
 */
public final class BuildPair {
    private BuildPair() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !args[1].matches("[1-9][0-9]{0,5}")) {
            System.err.println("usage: BuildPair WORKLOAD ROUNDS FIRST.jar SECOND.jar (ROUNDS a positive number)");
            System.exit(2);
        }
        int rounds = Integer.parseInt(args[1]);
        URL self = BuildPair.class.getProtectionDomain().getCodeSource().getLocation();
        DoubleSupplier[] builds = new DoubleSupplier[2];
        for (int i = 0; i < 2; i++) {
            Path jar = Path.of(args[2 + i]);
            if (!Files.isRegularFile(jar)) {
                System.err.println("BuildPair: no jar at " + jar);
                System.exit(2);
            }
            // the build's jar first: its dev.descent classes win over the copy inside the benchmarks jar
            ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL(), self},
                    ClassLoader.getPlatformClassLoader());
            // a class missing from the jar would come from the benchmarks jar: a build against itself
            URL tensors = loader.loadClass("dev.descent.Tensor").getProtectionDomain().getCodeSource().getLocation();
            if (!tensors.equals(jar.toUri().toURL())) {
                System.err.println("BuildPair: " + jar + " holds no dev.descent.Tensor; give a build's descent.jar");
                System.exit(2);
            }
            try {
                builds[i] = (DoubleSupplier) loader.loadClass(BuildPairWorkload.class.getName())
                        .getConstructor(String.class).newInstance(args[0]);
            } catch (InvocationTargetException e) {
                System.err.println("BuildPair: " + e.getCause().getMessage());
                System.exit(2);
            }
        }
        for (int i = 0; i < 4; i++) {
            rate(builds[0], 0.4);
            rate(builds[1], 0.4);
        }
        double[] first = new double[rounds];
        double[] second = new double[rounds];
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            // alternate which runs first in a round, so that neither always follows the other
            boolean inOrder = r % 2 == 0;
            double a = rate(builds[inOrder ? 0 : 1], 0.3);
            double b = rate(builds[inOrder ? 1 : 0], 0.3);
            first[r] = inOrder ? a : b;
            second[r] = inOrder ? b : a;
            ratio[r] = second[r] / first[r];
        }
        Arrays.sort(first);
        Arrays.sort(second);
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "%s, Java %s: first %.4g/s, second %.4g/s, second/first median %.3f (quartiles %.3f-%.3f, %d rounds)%n",
                args[0], System.getProperty("java.version"), first[rounds / 2], second[rounds / 2], ratio[rounds / 2],
                ratio[rounds / 4], ratio[3 * rounds / 4], rounds);
    }

    /** Runs the workload for about {@code seconds} and returns its work per second (also {@link MatMulPaired}'s timer). */
    static double rate(DoubleSupplier workload, double seconds) {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        double done = 0;
        long now;
        do {
            done += workload.getAsDouble();
            now = System.nanoTime();
        } while (now < end);
        return done / ((now - start) * 1e-9);
    }
}
