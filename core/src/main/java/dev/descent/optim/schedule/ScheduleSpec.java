package dev.descent.optim.schedule;

import dev.descent.InvalidSettingException;
import dev.descent.optim.Optimizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A learning-rate schedule by name, fitted to the length of a run, so that a run described in text
 * can build it. Over the T epochs after an optional linear warm-up: {@code none} keeps the rate,
 * {@code step} divides it by 10 after each third of T, {@code exponential} decays it to 1 % at the
 * end, {@code cosine} anneals it to 0.
 *
 * <pre>{@code
 * jshell> var scheduler = new ScheduleSpec("cosine", 5).create(adam, 100).orElseThrow();
 * }</pre>
 *
 * @param name one of {@link #NAMES}
 * @param warmup epochs over which the rate rises linearly at the start, 0 for none
 */
public record ScheduleSpec(String name, int warmup) {
    /** The names a schedule may have. */
    public static final List<String> NAMES = List.of("none", "step", "exponential", "cosine");

    /** No schedule: the learning rate stays where the optimizer has it. */
    public static final ScheduleSpec NONE = new ScheduleSpec("none", 0);

    /**
     * Checks both values; the name is matched without regard to case.
     *
     * @throws IllegalArgumentException for an unknown name or a negative warm-up
     */
    public ScheduleSpec {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(n)) {
            throw new InvalidSettingException("schedule", name, "unknown; expected "
                    + String.join(", ", NAMES.subList(0, NAMES.size() - 1)) + " or " + NAMES.get(NAMES.size() - 1));
        }
        name = n;
        if (warmup < 0) {
            throw new InvalidSettingException("warmup", warmup, "must be 0 or more epochs");
        }
    }

    /**
     * The scheduler for a run of {@code epochs} epochs over {@code optimizer}, or empty for
     * {@code none} without warm-up.
     *
     * @throws IllegalArgumentException when the warm-up is not shorter than the run
     */
    public Optional<LrScheduler> create(Optimizer optimizer, int epochs) {
        if (warmup >= epochs) {
            throw new InvalidSettingException("warmup", warmup, "the warm-up must be from 0 to fewer than the " + epochs
                    + " epochs");
        }
        if (name.equals("none") && warmup == 0) {
            return Optional.empty();
        }
        int t = epochs - warmup;
        LrLambda after = switch (name) {
            case "step" -> new StepLr(Math.max(1, t / 3), 0.1);
            case "exponential" -> new ExponentialLr(Math.pow(0.01, 1.0 / t));
            case "cosine" -> new CosineAnnealingLr(t);
            default -> LrLambda.constant();
        };
        return Optional.of(new LrScheduler(optimizer, warmup > 0 ? new LinearWarmup(warmup, after) : after));
    }
}
