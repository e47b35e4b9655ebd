/** Charts for the command line: loss curves and the descent path over a function's graph or contours. */
package dev.descent.cli.plot;
