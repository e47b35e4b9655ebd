/** {@code descent playground}: starts the playground's web server and prints its address. */
package dev.descent.cli.playground;
