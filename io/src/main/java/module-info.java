/**
 * Descent's files: CSV tables (Commons CSV), safetensors model files and checkpoints, the bundled
 * data sets, and writing any output whole or not at all.
 */
module dev.descent.io {
    requires transitive dev.descent.core;
    requires com.fasterxml.jackson.databind;
    requires org.apache.commons.csv;

    exports dev.descent.io;
}
