package dev.descent.cli.playground;

import dev.descent.cli.common.ExitCode;
import dev.descent.cli.common.UserError;
import dev.descent.playground.Playground;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code descent playground}: the local web page where gradient descent moves and a network learns. */
@Command(name = "playground", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Starts a local web page to play with gradient descent: one variable step by step,",
            "optimizers on contours, linear regression on Boston, a network on 2-D points. Ctrl-C stops it."},
        footer = {"", "Examples:",
            "  descent playground                 # then open http://127.0.0.1:8080/",
            "  descent playground --port 0        # any free port; the address is printed"})
public final class PlaygroundCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine"
            + " only). Another address lets other machines use the page: a warning is printed.",
            defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port", description = "The port (default: ${DEFAULT-VALUE}; 0 picks a free one).",
            defaultValue = "8080")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new UserError("--port " + port + ": a port is from 0 to 65535");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!isLoopback(host)) {
            err.println("descent playground: warning: --host " + host + " lets other machines on the network use this"
                    + " playground (it reads no files, but runs trainings on request)");
        }
        Playground playground;
        try {
            playground = Playground.start(host, port);
        } catch (IOException e) {
            throw new UserError("--port " + port + " on " + host + ": cannot listen there (" + e.getMessage()
                    + "); try --port 0 for any free port");
        }
        Thread stop = new Thread(playground::close, "playground-stop");
        Runtime.getRuntime().addShutdownHook(stop); // Ctrl-C
        out.println("Descent playground at " + playground.uri() + "  (Ctrl-C stops it)");
        out.flush();
        try {
            playground.awaitClose();
        } finally {
            playground.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: nothing to remove
            }
        }
        return ExitCode.OK;
    }

    /** Whether {@code host} is this machine's loopback address; refuses one that is not this machine's at all. */
    private static boolean isLoopback(String host) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
            if (!address.isLoopbackAddress() && !address.isAnyLocalAddress()
                    && NetworkInterface.getByInetAddress(address) == null) {
                throw new UserError("--host " + host + ": not an address of this machine");
            }
        } catch (UnknownHostException e) {
            throw new UserError("--host " + host + ": no such address on this machine");
        } catch (SocketException e) {
            throw new UserError("--host " + host + ": cannot read this machine's addresses (" + e.getMessage() + ")");
        }
        return address.isLoopbackAddress();
    }
}
