package dev.descent.cli.playground;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.cli.CliRun;
import dev.descent.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PlaygroundCommandTest {
    @Test
    void printsItsAddressAndServesThePageUntilStopped() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            StringWriter out = new StringWriter();
            Future<Integer> status = pool.submit(() -> Main.run(new String[] {"playground", "--port", "0"},
                    new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true),
                    new PrintWriter(new StringWriter(), true)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            Matcher m = Pattern.compile("Descent playground at (http://127\\.0\\.0\\.1:\\d+/) {2}\\(Ctrl-C stops it\\)")
                    .matcher("");
            while (!m.reset(out.toString()).find() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(m.reset(out.toString()).find()).as(out.toString()).isTrue();
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Descent playground");
            pool.shutdownNow(); // interrupts the command, which closes the server
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(status.isDone()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPortInUseOrOutOfRangeIsOneLine() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun r = CliRun.of("playground", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).startsWith("descent playground: --port " + taken.getLocalPort() + " on 127.0.0.1:"
                    + " cannot listen there").endsWith("; try --port 0 for any free port\n");
        }
        CliRun r = CliRun.of("playground", "--port", "70000");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("descent playground: --port 70000: a port is from 0 to 65535\n");
        CliRun elsewhere = CliRun.of("playground", "--host", "192.0.2.1"); // TEST-NET-1: nobody's address
        assertThat(elsewhere.err()).isEqualTo("descent playground: --host 192.0.2.1: not an address of this machine\n");
        CliRun host = CliRun.of("playground", "--host", "no-such-host.invalid");
        assertThat(host.status()).isEqualTo(2);
        assertThat(host.err()).isEqualTo("descent playground: --host no-such-host.invalid: no such address on this"
                + " machine\n");
    }
}
