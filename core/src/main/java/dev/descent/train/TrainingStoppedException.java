package dev.descent.train;

/**
 * A run stopped before its last epoch because a {@link TrainingListener} asked it to (Ctrl-C): the
 * model holds the weights after the last whole epoch, which {@link #history()} ends with.
 */
public final class TrainingStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The epochs completed; not serialised with the exception. */
    private final transient History history;
    private final boolean checkpointed;

    /**
     * @param history the epochs completed before the stop
     * @param checkpointed true when a checkpoint of the last completed epoch is saved
     */
    public TrainingStoppedException(History history, boolean checkpointed) {
        super("training stopped after epoch " + history.epochsRun());
        this.history = history;
        this.checkpointed = checkpointed;
    }

    /** The epochs completed before the stop. */
    public History history() {
        return history;
    }

    /** True when a checkpoint holds the last completed epoch, so the run can resume from it. */
    public boolean checkpointed() {
        return checkpointed;
    }
}
