package dev.descent.playground;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.expr.Expression;
import dev.descent.optim.Minimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser (headless Chromium): what a learner does with the mouse gives the
 * library's numbers. Screenshots go to {@code target/screenshots/}.
 */
@Tag("browser")
class PlaygroundBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static Playground playground;
    private ChromeDriver driver;

    @BeforeAll
    static void start() throws IOException {
        playground = Playground.start("127.0.0.1", 0);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (playground != null) {
            playground.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        driver = Browser.start();
    }

    @AfterEach
    void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void draggingTheStartAndSteppingShowsTheLibrarysX() throws Exception {
        open("#one");
        waitFor(() -> !text("one-x").isEmpty());
        recordRequests();
        WebElement expr = driver.findElement(By.id("one-expr"));
        expr.clear();
        expr.sendKeys("x^4 - 3*x^2 + x\n");
        waitFor(() -> lastRequest() != null && lastRequest().get("expr").asText().equals("x^4 - 3*x^2 + x"));

        // drag the start point 80 pixels to the right
        double before = number("return window.playground.one.start()");
        WebElement canvas = driver.findElement(By.id("one-plot"));
        Map<?, ?> px = (Map<?, ?>) js("return window.playground.one.toPixel(window.playground.one.start())");
        int dx = (int) Math.round(((Number) px.get("left")).doubleValue() - canvas.getRect().getWidth() / 2.0);
        int dy = (int) Math.round(((Number) px.get("top")).doubleValue() - canvas.getRect().getHeight() / 2.0);
        int sent = requests();
        new Actions(driver).moveToElement(canvas, dx, dy).clickAndHold().moveByOffset(40, 0).moveByOffset(40, 0)
                .release().perform();
        waitFor(() -> requests() > sent && !text("one-x").isEmpty());
        double start = number("return window.playground.one.start()");
        assertThat(start).isGreaterThan(before);
        assertThat(Double.parseDouble(driver.findElement(By.id("one-start")).getAttribute("value"))).isEqualTo(start);

        // 10^-1.5 on the slider: a learning rate of 0.0316 (three digits, as the label shows it)
        setSlider("one-lr", -1.5);
        waitFor(() -> lastRequest().get("lr").asDouble() == 0.0316 && text("one-epoch").startsWith("0"));
        assertThat(text("one-lr-value")).isEqualTo("0.0316");

        JsonNode request = lastRequest();
        assertThat(request.get("start").asDouble()).isEqualTo(start);
        for (int i = 0; i < 7; i++) {
            driver.findElement(By.id("one-step")).click();
        }
        waitFor(() -> text("one-epoch").startsWith("7"));
        double expected = libraryX(request.get("expr").asText(), start, request.get("lr").asDouble(), 7);
        assertThat(Double.parseDouble(text("one-x"))).isEqualTo(expected);
        assertThat(text("one-explain")).contains("derivative");
        screenshot("playground-one-variable.png");
        assertNoErrors();
    }

    @Test
    void aLearningRateThatIsTooLargeShowsTheDivergence() {
        open("#one");
        waitFor(() -> !text("one-x").isEmpty());
        WebElement expr = driver.findElement(By.id("one-expr"));
        expr.clear();
        expr.sendKeys("2*x^2\n");
        setSlider("one-lr", Math.log10(0.8));
        waitFor(() -> text("one-epoch").startsWith("0") && !text("one-x").isEmpty());
        driver.findElement(By.id("one-play")).click();
        waitFor(() -> text("one-verdict").startsWith("Diverged"));
        assertThat(driver.findElement(By.id("one-verdict")).getAttribute("class")).contains("diverged");
        screenshot("playground-divergence.png");
        assertNoErrors();
    }

    @Test
    void twoVariablesDrawContoursAndEveryOptimizersPath() {
        open("#two");
        driver.findElement(By.id("two-run")).click();
        waitFor(() -> driver.findElements(By.cssSelector("#two-results tr[data-optimizer]")).size() == 4);
        assertThat(driver.findElement(By.cssSelector("#two-results tr[data-optimizer=adam]")).getText()).isNotBlank();
        assertThat(paintedShare("two-plot")).isGreaterThan(0.5);
        screenshot("playground-two-variables.png");
        assertNoErrors();
    }

    @Test
    void bostonConvergesStandardisedAndDivergesRaw() {
        open("#boston");
        driver.findElement(By.id("boston-run")).click();
        waitFor(() -> text("boston-message").contains("closed form"));
        assertThat(driver.findElements(By.cssSelector("#boston-chart canvas"))).isNotEmpty();
        screenshot("playground-boston.png");
        driver.findElement(By.id("boston-standardize")).click();
        driver.findElement(By.id("boston-run")).click();
        waitFor(() -> text("boston-message").startsWith("Diverged"));
        assertNoErrors();
    }

    @Test
    void theXorNetworkTrainsToFullAccuracyInThePage() {
        open("#network");
        new Select(driver.findElement(By.id("net-dataset"))).selectByValue("xor");
        WebElement epochs = driver.findElement(By.id("net-epochs"));
        epochs.clear();
        epochs.sendKeys("300");
        driver.findElement(By.id("net-train")).click();
        new WebDriverWait(driver, Duration.ofSeconds(90)).until(d -> text("net-status").equals("done"));
        assertThat(Double.parseDouble(driver.findElement(By.id("net-accuracy")).getAttribute("data-value")))
                .isEqualTo(1.0);
        assertThat(text("net-epoch")).contains("300 / 300");
        assertThat(paintedShare("net-plot")).isGreaterThan(0.9);
        screenshot("playground-network.png");
        assertNoErrors();
    }

    private void open(String hash) {
        driver.get(playground.uri() + hash);
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText().strip();
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private double number(String script) {
        return ((Number) js(script)).doubleValue();
    }

    private void setSlider(String id, double value) {
        js("const e = document.getElementById(arguments[0]); e.value = arguments[1];"
                + " e.dispatchEvent(new Event('input', {bubbles: true}));"
                + " e.dispatchEvent(new Event('change', {bubbles: true}));", id, value);
    }

    /** Keeps every body the page posts, to compare what it shows with what the library computes. */
    private void recordRequests() {
        js("window.__sent = []; const f = window.fetch; window.fetch = (url, options) => {"
                + " if (options && options.body) window.__sent.push(options.body); return f(url, options); };");
    }

    private int requests() {
        return ((Number) js("return window.__sent.length")).intValue();
    }

    private JsonNode lastRequest() {
        Object body = js("return window.__sent.length ? window.__sent[window.__sent.length - 1] : null");
        try {
            return body == null ? null : JSON.readTree(body.toString());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The share of a canvas's pixels that are not blank (drawn on). */
    private double paintedShare(String id) {
        Object share = js("const c = document.getElementById(arguments[0]); const d = c.getContext('2d')"
                + ".getImageData(0, 0, c.width, c.height).data; let n = 0;"
                + " for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && !(d[i] > 250 && d[i + 1] > 250"
                + " && d[i + 2] > 250)) n++; return n / (d.length / 4);", id);
        return ((Number) share).doubleValue();
    }

    private static double libraryX(String expression, double start, double lr, int steps) {
        Expression f = Expression.parse(expression);
        return Minimizer.autograd(vs -> f.evaluate(Map.of("x", vs.get(0))), new double[] {start},
                Minimizer.Options.of(lr, steps)).minimizer()[0];
    }

    private void waitFor(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> condition.getAsBoolean());
    }

    private void screenshot(String name) {
        try {
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve(name),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new AssertionError("cannot save the screenshot " + name, e);
        }
    }

    private void assertNoErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get("browser")) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(e.getMessage());
            }
        }
        assertThat(errors).as("errors in the browser's console").isEmpty();
    }
}
