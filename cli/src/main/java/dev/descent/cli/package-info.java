/** The {@code descent} command line: picocli commands, progress bars and plots over the library. */
package dev.descent.cli;
