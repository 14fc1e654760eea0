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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.BufferingHints;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationConfiguration;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
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

    /** The mapping's function: a server in the test speaking the invoke contract, as in TriggersIT. */
    static final FunctionRecorder FUNCTION = new FunctionRecorder();

    @RegisterExtension
    static final RiffleServerExtension riffle = RiffleServerExtension.signedByRoot(
            "function.recorder.url=" + FUNCTION.invokeUrl(), "trigger-idle-poll-ms=200", "firehose-create-delay-ms=0",
            // the pages and this test poll DescribeDeliveryStream faster than Firehose's 5 calls a second
            "firehose-control-plane-calls-per-second=0");

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
        FUNCTION.close();
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
        WebElement writtenRow = browser.findElement(By.cssSelector("#shards-table td.shard-in[data-total='1']"))
                .findElement(By.xpath(".."));
        String written = writtenRow.getAttribute("data-shard-id");
        assertThat(writtenRow.findElement(By.className("shard-throttled")).getText()).isEqualTo("0 / 0");
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
    void aDeliveryStreamShowsItsBufferThenItsDeliveryAndAMappingItsLastResult() throws IOException {
        WebDriverWait wait = new WebDriverWait(browser, PAGE_DEADLINE);
        String stream = Kit.name("console-trig");
        String deliveryStream = Kit.name("console-fh");
        riffle.kinesis().createStream(b -> b.streamName(stream).shardCount(1));
        Kit.awaitActive(riffle.kinesis(), stream);
        String streamArn = SdkClients.streamArn(stream);
        String uuid;
        try (LambdaClient lambda = LambdaClient.builder().endpointOverride(riffle.endpoint()).region(SdkClients.REGION)
                .credentialsProvider(SdkClients.credentials()).httpClient(ApacheHttpClient.create()).build()) {
            uuid = lambda.createEventSourceMapping(b -> b.functionName("recorder").eventSourceArn(streamArn)
                    .startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(10)).uuid();
        }
        try (FirehoseClient firehose = FirehoseTesting.client(riffle.endpoint())) {
            firehose.createDeliveryStream(b -> b.deliveryStreamName(deliveryStream)
                    .deliveryStreamType(DeliveryStreamType.DIRECT_PUT)
                    .extendedS3DestinationConfiguration(ExtendedS3DestinationConfiguration.builder()
                            .roleARN(FirehoseTesting.ROLE).bucketARN("arn:aws:s3:::console-bucket").prefix("orders/")
                            .bufferingHints(BufferingHints.builder().sizeInMBs(128).intervalInSeconds(900).build())
                            .build()));
            Kit.await(PAGE_DEADLINE, deliveryStream + " ACTIVE", () -> firehose.describeDeliveryStream(
                    b -> b.deliveryStreamName(deliveryStream)).deliveryStreamDescription().deliveryStreamStatus()
                    == DeliveryStreamStatus.ACTIVE);
            assertThat(firehose.putRecordBatch(b -> b.deliveryStreamName(deliveryStream).records(
                    java.util.stream.IntStream.range(0, 3).mapToObj(i -> software.amazon.awssdk.services.firehose
                            .model.Record.builder().data(SdkBytes.fromUtf8String("order-" + i + "\n")).build())
                            .toList())).failedPutCount()).isZero();
        }
        signIn(wait, SdkClients.ACCESS_KEY, SdkClients.SECRET_KEY);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), ":root"));

        // the delivery streams page, then the stream's: its three records buffered against the hints (128 MB, 900 s)
        browser.get(riffle.endpoint() + "/console/#/delivery-streams");
        By row = By.cssSelector("tr[data-delivery-stream='" + deliveryStream + "']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "ACTIVE"));
        browser.findElement(row).findElement(By.linkText(deliveryStream)).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#buffer-table .buffer-records"),
                "3"));
        assertThat(browser.findElement(By.id("buffer-table")).getText()).contains("all records")
                .contains("24 B of 128.0 MiB").contains("of 15.0 min");
        assertThat(browser.findElement(By.id("deliveries-table")).getText())
                .isEqualTo("No deliveries since the server started.");
        screenshot("delivery-stream-buffered");
        Kit.await(PAGE_DEADLINE, "the buffer gauges", () -> FirehoseTesting.metric(riffle.endpoint(),
                "riffle_firehose_buffered_records", deliveryStream) == 3 && FirehoseTesting.metric(riffle.endpoint(),
                "riffle_firehose_buffered_bytes", deliveryStream) == 24);

        // flushed: the object in last deliveries (the embedded S3 folder has it), nothing buffered
        java.net.http.HttpResponse<String> flushed = SignedHttp.post(riffle.endpoint(),
                "/riffle/firehose/delivery-streams/" + deliveryStream + "/flush", "firehose", "application/json", "",
                SdkClients.ACCESS_KEY, SdkClients.SECRET_KEY);
        assertThat(flushed.statusCode()).as(flushed.body()).isEqualTo(200);
        By delivered = By.cssSelector("#deliveries-table tr.delivery-ok .delivery-target");
        wait.until(ExpectedConditions.presenceOfElementLocated(delivered));
        String target = browser.findElement(delivered).getText();
        assertThat(target).matches("console-bucket/orders/\\d{4}/\\d\\d/\\d\\d/\\d\\d/" + deliveryStream + "-1-.+");
        assertThat(Files.readString(riffle.server().dataDir().resolve("s3").resolve(target)))
                .isEqualTo("order-0\norder-1\norder-2\n");
        assertThat(browser.findElement(By.cssSelector("#deliveries-table tr.delivery-ok")).getText())
                .contains("ExtendedS3").contains("delivered");
        wait.until(ExpectedConditions.textToBe(By.id("buffer-table"), "Nothing buffered."));
        screenshot("delivery-stream-delivered");

        // the mapping on its stream's page: Enabled, and OK once its records were invoked
        riffle.kinesis().putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("hello")));
        Kit.await(PAGE_DEADLINE, "the function invoked", () -> FUNCTION.recordsOf(streamArn).size() == 1);
        browser.get(riffle.endpoint() + "/console/#/stream/" + stream);
        By mapping = By.cssSelector("#triggers-table tr[data-trigger='" + uuid + "']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(mapping, "OK"));
        assertThat(browser.findElement(mapping).findElement(By.className("trigger-state")).getText())
                .isEqualTo("Enabled");
        assertThat(browser.findElement(mapping).getText()).contains("recorder");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('readers').scrollIntoView()");
        screenshot("stream-trigger");

        // the triggers page lists it with its source stream
        browser.findElement(By.linkText("Triggers")).click();
        By listed = By.cssSelector("#mappings-table tr[data-trigger='" + uuid + "']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(listed, "OK"));
        assertThat(browser.findElement(listed).getText()).contains("recorder").contains(stream).contains("Enabled");
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
        // the console's own delivery-status needs what DescribeDeliveryStream needs, which this user lacks
        Object status = ((org.openqa.selenium.JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "fetch('api/delivery-status?name=orders').then(r => r.text().then(t => done(r.status + ' ' + t)));");
        assertThat(status.toString()).startsWith("403 ").contains("AccessDeniedException").contains(
                "is not authorized to perform: firehose:DescribeDeliveryStream on resource: arn:aws:firehose:us-east-1:"
                        + SdkClients.ACCOUNT + ":deliverystream/orders");
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
