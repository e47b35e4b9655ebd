package dev.descent.cli.fit;

import dev.descent.cli.common.UserError;
import dev.descent.spark.SparkPlacement;

/** {@code fit --spark MASTER}: the cluster a run's shards train on, or one line saying why there is none. */
final class SparkCluster {
    private SparkCluster() {
    }

    /**
     * Starts a Spark application on {@code master}.
     *
     * @throws UserError when Spark's jars are not on the class path, {@code master} is not a master URL or
     *     does not answer, or Spark does not start
     */
    static SparkPlacement connect(String master) {
        try {
            // Spark is never packaged with the command line: ./descent adds its jars for --spark.
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkCluster.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new UserError("--spark " + master + ": Apache Spark's jars are not on the class path; run the"
                    + " command through ./descent, which adds them for --spark, or spark-submit descent.jar (see the"
                    + " README)", e);
        }
        try {
            return SparkPlacement.connect(master);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserError("--spark " + master + ": " + e.getMessage(), e);
        }
    }
}
