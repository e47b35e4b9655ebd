/** A local web page where learners watch gradient descent and a network learn, served over the library. */
package dev.descent.playground;
