package dev.descent.playground;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for the page's tests: Debian's {@code chromium} and {@code chromium-driver} (a
 * matched pair), found on the PATH or given by {@code CHROME_BINARY} and {@code CHROMEDRIVER}, so
 * Selenium downloads nothing. Without them the tests are skipped with a message saying so, unless
 * {@code DESCENT_REQUIRE_BROWSER} is set (as {@code .ci/run} does), which makes it a failure.
 */
final class Browser {
    private Browser() {
    }

    static ChromeDriver start() {
        Optional<Path> binary = find("CHROME_BINARY", List.of("chromium", "chromium-browser", "google-chrome"));
        Optional<Path> driver = find("CHROMEDRIVER", List.of("chromedriver"));
        String missing = binary.isEmpty() ? "chromium" : driver.isEmpty() ? "chromedriver" : null;
        if (missing != null) {
            String message = "no " + missing + " found: the browser tests need Debian's chromium and chromium-driver"
                    + " (apt-get install --no-install-recommends chromium chromium-driver)";
            if (System.getenv("DESCENT_REQUIRE_BROWSER") != null) {
                throw new AssertionError(message);
            }
            System.err.println("PlaygroundBrowserTest skipped: " + message);
            Assumptions.abort(message);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.get().toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--hide-scrollbars");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        return new ChromeDriver(service, options);
    }

    private static Optional<Path> find(String variable, List<String> names) {
        String given = System.getenv(variable);
        if (given != null && !given.isBlank()) {
            Path p = Path.of(given);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator, -1)) {
            for (String name : names) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }
}
