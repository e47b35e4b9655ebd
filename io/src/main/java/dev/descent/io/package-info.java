/**
 * Reading and writing data: CSV files, safetensors model files, IDX files (MNIST, Fashion-MNIST) and
 * the bundled data sets.
 */
package dev.descent.io;
