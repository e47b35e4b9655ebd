/**
 * Descent's core: tensors with reverse-mode automatic differentiation, neural-network layers and
 * losses, optimizers and schedules, data loading, metrics and the training loop. It depends on the
 * JDK alone; the Vector API is used when the JVM has it. The numeric kernels
 * ({@code dev.descent.kernel}) are not exported: {@link dev.descent.Backend} holds their settings.
 */
module dev.descent.core {
    requires static jdk.incubator.vector;

    exports dev.descent;
    exports dev.descent.data;
    exports dev.descent.expr;
    exports dev.descent.linear;
    exports dev.descent.metrics;
    exports dev.descent.nn;
    exports dev.descent.optim;
    exports dev.descent.optim.schedule;
    exports dev.descent.train;
}
