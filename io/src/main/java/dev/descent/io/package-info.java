/** Reading and writing data: CSV files, safetensors model files and the bundled data sets. */
package dev.descent.io;
