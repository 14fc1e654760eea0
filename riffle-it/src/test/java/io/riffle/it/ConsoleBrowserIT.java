package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser: headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs) driven by Selenium against a real server. Creates a stream from the streams page, puts
 * records from the stream page, sees them in the data viewer (pushed: one put while the viewer is open arrives
 * without a reload), splits a shard and sees the shard map change. Screenshots go to
 * {@code target/console-screenshots/} (CI keeps them as artifacts). Every wait is a {@link WebDriverWait} on a
 * condition of the page.
 */
class ConsoleBrowserIT {

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    static final Duration PAGE_DEADLINE = Duration.ofSeconds(30);

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension();

    static WebDriver browser;
    static Path userDataDir;

    @BeforeAll
    static void startBrowser() throws IOException {
        File chromium = new File("/usr/bin/chromium");
        File driver = new File("/usr/bin/chromedriver");
        assertThat(chromium).as("Chromium for the browser tests: apt-get install chromium chromium-driver").exists();
        assertThat(driver).as("chromedriver for the browser tests: apt-get install chromium-driver").exists();
        userDataDir = Files.createTempDirectory("riffle-console-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(chromium).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + userDataDir,
                "--window-size=1400,1000");
        // the Debian driver and browser: Selenium Manager downloads nothing
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver).build(), options);
        browser.manage().window().setSize(new Dimension(1400, 1000));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (userDataDir != null) {
            try (var files = Files.walk(userDataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void createAStreamPutRecordsSeeThemLiveAndSplitAShard() throws IOException {
        WebDriverWait wait = new WebDriverWait(browser, PAGE_DEADLINE);
        String stream = Kit.name("console");
        browser.get(riffle.endpoint() + "/console/");

        // the streams page: create a provisioned stream of one shard
        wait.until(ExpectedConditions.elementToBeClickable(By.id("create-name"))).sendKeys(stream);
        WebElement shards = browser.findElement(By.id("create-shards"));
        shards.clear();
        shards.sendKeys("1");
        browser.findElement(By.id("create-button")).click();
        By row = By.cssSelector("tr[data-stream='" + stream + "']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "ACTIVE"));
        screenshot("streams");

        // the stream page: put three records
        browser.findElement(row).findElement(By.linkText(stream)).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("stream-status"), "ACTIVE"));
        put(wait, "order-1", "{\"id\":1,\"item\":\"tea\"}");
        put(wait, "order-2", "{\"id\":2,\"item\":\"cake\"}");
        put(wait, "user-7", "plain text");

        // the data viewer from TRIM_HORIZON: the three records, then a fourth pushed while it is open
        browser.findElement(By.id("open-viewer")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("viewer-start")));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("viewer-from"))).selectByValue("TRIM_HORIZON");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("viewer-decode"))).selectByValue("json");
        browser.findElement(By.id("viewer-start")).click();
        By records = By.cssSelector("#viewer-records tr");
        wait.until(ExpectedConditions.numberOfElementsToBe(records, 3));
        assertThat(browser.findElements(By.cssSelector("#viewer-records .record-key")).stream().map(WebElement::getText))
                .containsExactly("order-1", "order-2", "user-7");
        assertThat(browser.findElement(By.cssSelector("#viewer-records tr[data-key='order-2'] .record-data")).getText())
                .contains("\"item\": \"cake\"");
        browser.findElement(By.cssSelector("#viewer-put > summary")).click(); // the viewer's own put form
        put(wait, "order-3", "{\"id\":3,\"item\":\"scone\"}");
        wait.until(ExpectedConditions.numberOfElementsToBe(records, 4));
        assertThat(browser.findElement(By.cssSelector("#viewer-records tr:last-child .record-key")).getText())
                .isEqualTo("order-3");
        browser.findElement(By.id("viewer-filter")).sendKeys("order");
        wait.until(ExpectedConditions.numberOfElementsToBe(records, 3));
        screenshot("data-viewer");

        // back to the stream: split its shard; the map shows the closed parent and its two open children
        browser.get(riffle.endpoint() + "/console/#/stream/" + stream);
        By openShards = By.cssSelector("#shard-map g.shard.open");
        wait.until(ExpectedConditions.numberOfElementsToBe(openShards, 1));
        browser.findElement(By.cssSelector("button.split[data-shard-id='shardId-000000000000']")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(openShards, 2));
        List<String> closed = browser.findElements(By.cssSelector("#shard-map g.shard.closed")).stream()
                .map(e -> e.getAttribute("data-shard-id")).toList();
        assertThat(closed).containsExactly("shardId-000000000000");
        assertThat(browser.findElements(By.cssSelector("#shard-map line"))).hasSize(2); // parent to each child
        screenshot("stream-after-split");
    }

    private static void put(WebDriverWait wait, String key, String data) {
        WebElement keyField = wait.until(ExpectedConditions.elementToBeClickable(By.id("put-key")));
        keyField.clear();
        keyField.sendKeys(key);
        WebElement dataField = browser.findElement(By.id("put-data"));
        dataField.clear();
        dataField.sendKeys(data);
        WebElement result = browser.findElement(By.id("put-result"));
        String before = result.getText();
        browser.findElement(By.id("put-button")).click();
        wait.until(d -> {
            String now = result.getText();
            return now.startsWith("Stored in") && !now.equals(before);
        });
    }

    private static void screenshot(String name) throws IOException {
        Path shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
