package dev.descent.io;

import java.util.Collection;
import java.util.Iterator;

/**
 * Keeps error messages to one line of bounded length, whatever the input holds: text from a file
 * is shown with its line breaks and other control characters escaped and cut short, long lists
 * show their first items and how many more there are.
 */
final class Messages {
    /** The longest message any exception of this package carries, in characters. */
    static final int MAX_MESSAGE = 2000;
    /** How much of a value from a file (a cell, a name) a message shows. */
    static final int MAX_SHOWN = 80;
    /** How many items of a list a message names. */
    static final int ITEMS_SHOWN = 10;

    private Messages() {}

    /** {@code text} on one line ({@code \n}, {@code \t}, ... escaped) and at most {@code max} characters, then "...". */
    static String shown(String text, int max) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
        for (int i = 0; i < text.length(); i++) {
            if (out.length() >= max) {
                return out.append("...").toString();
            }
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** {@code text} as {@link #shown(String, int)} with the usual length. */
    static String shown(String text) {
        return shown(text, MAX_SHOWN);
    }

    /**
     * The first {@link #ITEMS_SHOWN} items, each {@link #shown} in quotes (so that a name with a comma
     * reads as one), separated by commas, then "and N more".
     */
    static String list(Collection<String> items) {
        StringBuilder out = new StringBuilder();
        Iterator<String> it = items.iterator();
        for (int i = 0; i < ITEMS_SHOWN && it.hasNext(); i++) {
            out.append(i == 0 ? "'" : ", '").append(shown(it.next())).append('\'');
        }
        if (items.size() > ITEMS_SHOWN) {
            out.append(" and ").append(items.size() - ITEMS_SHOWN).append(" more");
        }
        return out.toString();
    }

    /** A whole message: control characters escaped and cut to {@link #MAX_MESSAGE} characters. */
    static String capped(String message) {
        return shown(message, MAX_MESSAGE);
    }
}
