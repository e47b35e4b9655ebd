package dev.descent;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A named setting with a value that is unknown, out of range or does not fit the data (a model
 * description, a loss, an optimizer, a number of epochs), named by its API name (the keys of
 * {@code FitConfig}) so that a caller can report it in its own terms; the command line names its
 * option instead. The message reads {@code <setting> <value>: <problem>}; a problem that mentions
 * another setting writes it as {@code {name}}, which {@link #describe(UnaryOperator)} renders.
 */
public final class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private static final Pattern MENTION = Pattern.compile("\\{(\\w+)}");

    private final String setting;
    private final String value;
    private final String problem;

    /**
     * The setting {@code setting} (an API name such as {@code learningRate}) with {@code value} has
     * {@code problem}, in which {@code {name}} mentions another setting.
     */
    public InvalidSettingException(String setting, Object value, String problem) {
        super(render(setting + " " + value + ": " + problem, UnaryOperator.identity()));
        this.setting = setting;
        this.value = String.valueOf(value);
        this.problem = problem;
    }

    /** The API name of the setting. */
    public String setting() {
        return setting;
    }

    /** The offending value, as text. */
    public String value() {
        return value;
    }

    /** What is wrong, and how to fix it, without the setting's name; mentions of settings by API name. */
    public String problem() {
        return render(problem, UnaryOperator.identity());
    }

    /** The message with every setting named by {@code naming} (the command line maps API names to its options). */
    public String describe(UnaryOperator<String> naming) {
        return render(naming.apply(setting) + " " + value + ": " + problem, naming);
    }

    private static String render(String text, UnaryOperator<String> naming) {
        Matcher m = MENTION.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(naming.apply(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
