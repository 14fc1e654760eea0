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
 * {@code .ci/run} installs) driven by Selenium against a real server with {@code auth=sigv4}. Signs in through the
 * form as the root, creates a stream from the streams page, puts records from the stream page, sees them in the data
 * viewer (pushed: one put while the viewer is open arrives without a reload), splits a shard and sees the shard map
 * change, and a KCL application's lease table among what reads the stream; then a user allowed only kinesis:Describe* and kinesis:List* signs in, sees the streams and is shown
 * AccessDenied when it deletes one, and signs out. Screenshots go to
 * {@code target/console-screenshots/} (CI keeps them as artifacts). Every wait is a {@link WebDriverWait} on a
 * condition of the page.
 */
class ConsoleBrowserIT {

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    static final Duration PAGE_DEADLINE = Duration.ofSeconds(30);

    @RegisterExtension
    static final RiffleServerExtension riffle = RiffleServerExtension.signedByRoot();

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
        signIn(wait, SdkClients.ACCESS_KEY, SdkClients.SECRET_KEY);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"),
                "arn:aws:iam::" + SdkClients.ACCOUNT + ":root"));

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
        String firstSequenceNumber = browser.findElement(By.id("put-result")).getText().replaceFirst(".* at ", "");
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

        // shard-level metrics turned on from the page: a record put now shows in its shard's row
        browser.findElement(By.id("shard-metrics-toggle")).click();
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class) // the summary is drawn again
                .until(ExpectedConditions.attributeToBe(By.id("shard-metrics-toggle"), "data-on", "true"));
        put(wait, "order-4", "{\"id\":4}");
        wait.until(ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("#shards-table td.shard-in[data-total='1']"), 1));
        String written = browser.findElement(By.cssSelector("#shards-table td.shard-in[data-total='1']"))
                .findElement(By.xpath("..")).getAttribute("data-shard-id");
        String quietChild = written.equals("shardId-000000000001") ? "shardId-000000000002" : "shardId-000000000001";
        screenshot("stream-shard-metrics");

        // what reads the stream: a KCL application's lease table (which worker holds which shard, the checkpoint),
        // read through the DynamoDB API as the signed-in root; no trigger or delivery stream reads it
        String application = Kit.name("console-app");
        leaseTable(application, firstSequenceNumber, quietChild);
        browser.navigate().refresh();
        By lease = By.cssSelector("#kcl-table tr[data-lease='" + application + "/shardId-000000000000']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(lease, "worker-a"));
        assertThat(browser.findElement(lease).findElement(By.className("lease-checkpoint")).getText())
                .isEqualTo(firstSequenceNumber);
        assertThat(browser.findElement(lease).findElement(By.className("lease-progress")).getText())
                .isEqualTo("behind"); // three more records came after the checkpointed one
        By child = By.cssSelector("#kcl-table tr[data-lease='" + application + "/" + quietChild + "']");
        assertThat(browser.findElement(child).findElement(By.className("lease-owner")).getText()).isEqualTo("not held");
        assertThat(browser.findElement(child).findElement(By.className("lease-progress")).getText())
                .isEqualTo("no records yet");
        assertThat(browser.findElement(By.id("triggers-table")).getText()).isEqualTo("No event source mapping reads it.");
        assertThat(browser.findElement(By.id("delivery-table")).getText()).isEqualTo("No delivery stream reads it.");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('readers').scrollIntoView()");
        screenshot("stream-readers");
    }

    @Test
    void aReadOnlyUserSeesTheStreamsButIsDeniedDeletingOneAndSignsOut() throws IOException, InterruptedException {
        WebDriverWait wait = new WebDriverWait(browser, PAGE_DEADLINE);
        String stream = Kit.name("console-ro");
        riffle.kinesis().createStream(b -> b.streamName(stream).shardCount(1));
        String[] reader = readOnlyUser("console-reader");

        // a wrong secret is refused on the form, without saying which part was wrong
        signIn(wait, reader[0], "not-the-secret");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-error"), "not valid"));
        type(wait, By.id("signin-secret"), reader[1]);
        browser.findElement(By.id("signin-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"),
                IamFixture.userArn("console-reader")));
        assertThat(browser.manage().getCookieNamed("riffle-session")).satisfies(cookie -> {
            assertThat(cookie.isHttpOnly()).isTrue();
            assertThat(cookie.getSameSite()).isEqualTo("Strict");
        });
        Object stored = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return JSON.stringify(Object.assign({}, localStorage)) + document.cookie;");
        assertThat(stored.toString()).doesNotContain(reader[1]).doesNotContain("riffle-session");

        // the streams are listed (ListStreams, DescribeStreamSummary allowed); deleting one is denied, in the page
        By row = By.cssSelector("tr[data-stream='" + stream + "']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "ACTIVE"));
        browser.findElement(row).findElement(By.xpath(".//button[text()='Delete']")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"),
                "AccessDeniedException: User: " + IamFixture.userArn("console-reader")
                        + " is not authorized to perform: kinesis:DeleteStream on resource: "
                        + IamFixture.streamArn(stream)));
        screenshot("read-only-user-denied");
        assertThat(riffle.kinesis().describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary()
                .streamStatusAsString()).isEqualTo("ACTIVE");

        // signing out ends the session on the server: the form again, and the old cookie opens nothing
        String session = browser.manage().getCookieNamed("riffle-session").getValue();
        browser.findElement(By.id("signout")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("signin-key")));
        java.net.http.HttpResponse<String> withOldCookie = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(riffle.endpoint().resolve("/console/api/config"))
                        .header("Cookie", "riffle-session=" + session).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(withOldCookie.statusCode()).isEqualTo(401);
    }

    /**
     * A user allowed kinesis:Describe* and kinesis:List* only, with an access key: IAM's query API signed as the root
     * (three calls, no AWS CLI process to start); its key id and secret.
     */
    private static String[] readOnlyUser(String name) {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":[\"kinesis:Describe*\",\"kinesis:List*\"],\"Resource\":\"*\"}]}";
        iam("Action=CreateUser&UserName=" + name);
        iam("Action=PutUserPolicy&UserName=" + name + "&PolicyName=read&PolicyDocument="
                + java.net.URLEncoder.encode(policy, java.nio.charset.StandardCharsets.UTF_8));
        String created = iam("Action=CreateAccessKey&UserName=" + name);
        return new String[] {xmlText(created, "AccessKeyId"), xmlText(created, "SecretAccessKey")};
    }

    private static String iam(String form) {
        java.net.http.HttpResponse<String> answer = SignedHttp.post(riffle.endpoint(), "/", "iam",
                "application/x-www-form-urlencoded", form + "&Version=2010-05-08", SdkClients.ACCESS_KEY,
                SdkClients.SECRET_KEY);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    private static String xmlText(String xml, String element) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<" + element + ">([^<]+)</" + element + ">")
                .matcher(xml);
        assertThat(m.find()).as(xml).isTrue();
        return m.group(1);
    }

    /**
     * A KCL 2.x lease table of two leases: the split parent's, held by worker-a and checkpointed at {@code checkpoint},
     * and {@code child}'s, not held and not started.
     */
    private static void leaseTable(String application, String checkpoint, String child) {
        try (software.amazon.awssdk.services.dynamodb.DynamoDbClient ddb = SdkClients.dynamoDb(riffle.endpoint())) {
            ddb.createTable(b -> b.tableName(application).billingMode("PAY_PER_REQUEST")
                    .keySchema(software.amazon.awssdk.services.dynamodb.model.KeySchemaElement.builder()
                            .attributeName("leaseKey").keyType("HASH").build())
                    .attributeDefinitions(software.amazon.awssdk.services.dynamodb.model.AttributeDefinition.builder()
                            .attributeName("leaseKey").attributeType("S").build()));
            ddb.waiter().waitUntilTableExists(b -> b.tableName(application));
            ddb.putItem(b -> b.tableName(application).item(java.util.Map.of(
                    "leaseKey", s("shardId-000000000000"), "leaseOwner", s("worker-a"), "checkpoint", s(checkpoint),
                    "leaseCounter", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("7"))));
            ddb.putItem(b -> b.tableName(application).item(java.util.Map.of(
                    "leaseKey", s(child), "checkpoint", s("TRIM_HORIZON"),
                    "leaseCounter", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("0"))));
        }
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue s(String text) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(text);
    }

    /** Opens the console signed out (signing out first if needed) and submits the sign-in form. */
    private static void signIn(WebDriverWait wait, String accessKeyId, String secret) {
        browser.get(riffle.endpoint() + "/console/");
        wait.until(d -> !d.findElements(By.id("signin-key")).isEmpty()
                || d.findElement(By.id("signout")).isDisplayed());
        if (browser.findElements(By.id("signin-key")).isEmpty()) {
            browser.findElement(By.id("signout")).click();
        }
        type(wait, By.id("signin-key"), accessKeyId);
        type(wait, By.id("signin-secret"), secret);
        browser.findElement(By.id("signin-button")).click();
    }

    /** Replaces a field's text, once it can be typed into. */
    private static void type(WebDriverWait wait, By field, String text) {
        WebElement element = wait.until(ExpectedConditions.elementToBeClickable(field));
        element.clear();
        element.sendKeys(text);
    }

    private static void put(WebDriverWait wait, String key, String data) {
        type(wait, By.id("put-key"), key);
        type(wait, By.id("put-data"), data);
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
