package io.eventroute.server;

import static io.eventroute.server.TestServer.ADMIN;
import static io.eventroute.server.TestServer.SENDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser: Debian's headless chromium driven through chromedriver, against one
 * server on loopback. The steps run in order, as a user would take them; each waits for what the page
 * shows, never for a fixed time. With {@code -Dconsole.screenshots=DIR} it saves the main views as PNGs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    // Debian's paths; -Dconsole.chromium and -Dconsole.chromedriver point elsewhere on other systems.
    static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));
    private static final String CREATE = "{\"specversion\":\"1.0\",\"id\":\"evt-1\",\"source\":\"s\","
            + "\"type\":\"Microsoft.DigitalTwins.Twin.Create\",\"subject\":\"room-21\",\"data\":{\"temperature\":21}}";

    @TempDir
    static Path dir;
    private final TestServer.SwitchableSender flaky = new TestServer.SwitchableSender();
    private TestServer t;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void start() {
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                fail("The browser tests need " + p + ": install Debian's chromium and chromium-driver "
                        + "(apt-get install -y chromium chromium-driver).");
            }
        }
        t = TestServer.startWithDeadLetters(dir.resolve("store"), dir.resolve("dead"), flaky);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-extensions", "--disable-background-networking", "--window-size=1366,860");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1366, 860));
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        browser.get(t.server.uri() + "/");
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (t != null) {
            t.close();
        }
    }

    private WebElement id(String id) {
        return browser.findElement(By.id(id));
    }

    private void waitForText(By where, String text) {
        wait.withMessage(() -> "waiting for '" + text + "' in " + where + "; it shows '"
                + browser.findElements(where).stream().map(WebElement::getText).toList() + "'")
                .until(ExpectedConditions.textToBePresentInElementLocated(where, text));
    }

    /** Saves the page as {@code name}.png under {@code -Dconsole.screenshots} when it is set. */
    private void screenshot(String name) throws IOException {
        String to = System.getProperty("console.screenshots");
        if (to == null || to.isBlank()) {
            return;
        }
        File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(Path.of(to));
        Files.copy(png.toPath(), Path.of(to, name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    @Order(1)
    void aWrongTokenIsRefusedWithAMessage() throws IOException {
        id("token").sendKeys("not-a-token");
        id("signin").click();
        waitForText(By.id("signin-error"), "Sign-in refused: The bearer token is not valid.");
        assertTrue(id("tabs").getAttribute("hidden") != null, "still signed out");
        screenshot("sign-in");
    }

    @Test
    @Order(2)
    void signIn() {
        id("token").clear();
        id("token").sendKeys(ADMIN);
        id("signin").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("routes-view")));
        waitForText(By.id("status"), "Signed in.");
        assertEquals("", id("signin-error").getText());
    }

    @Test
    @Order(3)
    void createARouteWithATypoSeeTheDiagnosticApplyTheSuggestionAndSave() throws IOException {
        id("new-route").click();
        id("route-id").sendKeys("creates");
        new Select(id("route-endpoint")).selectByVisibleText("flaky");
        // Most of the text is pasted (typing it key by key takes seconds on a loaded machine); the last key is typed.
        WebElement filter = id("route-filter");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", filter,
                "tpye = 'Microsoft.DigitalTwins.Twin.Create' AND $body.temperature > 2");
        filter.sendKeys(org.openqa.selenium.Keys.END, "0");
        By diagnostic = By.cssSelector("#diagnostics li[data-code]");
        waitForText(diagnostic, "did you mean type?");
        WebElement mark = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#filter-backdrop mark")));
        assertEquals("tpye", mark.getAttribute("textContent"), "the diagnostic's span is underlined");
        screenshot("editor-diagnostic");

        browser.findElement(By.cssSelector("#diagnostics li[data-code] button.apply")).click();
        waitForText(By.id("diagnostics"), "No problems.");
        assertEquals("type = 'Microsoft.DigitalTwins.Twin.Create' AND $body.temperature > 20",
                id("route-filter").getAttribute("value"));
        waitForText(By.id("explain-normalized"), "type = 'Microsoft.DigitalTwins.Twin.Create' AND $body.temperature > 20");
        assertTrue(id("explain-plan").getText().startsWith("("), id("explain-plan").getText());
        id("save-route").click();
        waitForText(By.id("status"), "Route creates saved.");
        waitForText(By.cssSelector("#routes-table tr[data-id=creates]"), "flaky");
        HttpResponse<String> stored = t.send("GET", "/eventroutes/creates?" + TestServer.API, ADMIN, null);
        assertEquals("type = 'Microsoft.DigitalTwins.Twin.Create' AND $body.temperature > 20",
                TestServer.json(stored).get("filter").asText());
        screenshot("editor");
    }

    @Test
    @Order(4)
    void anEventPostedThroughTheApiMovesTheRoutesCounters() throws IOException {
        HttpResponse<String> sent = t.send("POST", "/events", SENDER, CREATE, "application/cloudevents+json");
        assertEquals(200, sent.statusCode(), sent.body());
        waitForText(By.cssSelector("#routes-table tr[data-id=creates] td.matched"), "1");
        waitForText(By.cssSelector("#routes-table tr[data-id=creates] td.dead-lettered"), "1");
        id("cancel-route").click();
        screenshot("routes");
    }

    @Test
    @Order(5)
    void thePlaygroundShowsWhichRoutesMatchAndWhy() throws IOException {
        browser.findElement(By.cssSelector("button.tab[data-view=playground]")).click();
        new Select(id("sample")).selectByVisibleText("Twin created");
        new Select(id("why-route")).selectByVisibleText("creates");
        id("match").click();
        waitForText(By.id("match-result"), "creates");
        waitForText(By.id("why-title"), "Why route creates matches");
        List<String> why = browser.findElements(By.cssSelector("#why li")).stream().map(WebElement::getText).toList();
        assertEquals(3, why.size(), why.toString());
        assertTrue(why.get(1).startsWith("true") && why.get(1).contains("type = 'Microsoft.DigitalTwins.Twin.Create'"), why.toString());
        assertTrue(why.get(2).startsWith("true") && why.get(2).contains("$body.temperature > 20"), why.toString());
        waitForText(By.cssSelector("#samples-table tbody"), "Twin created");
        List<String> samples = browser.findElements(By.cssSelector("#samples-table tbody tr")).stream()
                .map(WebElement::getText).toList();
        assertTrue(samples.contains("Twin created creates"), samples.toString());
        assertTrue(samples.contains("Twin deleted (none)"), samples.toString());
        screenshot("playground");

        id("event-json").clear();
        id("event-json").sendKeys("{\"id\": 1");
        id("match").click();
        waitForText(By.id("match-error"), "The event is not JSON");
    }

    @Test
    @Order(6)
    void aDeadLetterIsListedWithItsReasonAndReplayed() throws IOException {
        browser.findElement(By.cssSelector("button.tab[data-view=live]")).click();
        waitForText(By.cssSelector("#live-endpoints tr[data-name=flaky] td.dead-lettered"), "1");
        browser.findElement(By.cssSelector("#live-endpoints tr[data-name=flaky] button")).click();
        waitForText(By.id("dead-letters-table"), "the test peer refuses events for now");
        waitForText(By.id("dead-letters-table"), "evt-1");
        screenshot("live");

        flaky.refusing.set(false);
        id("replay").click();
        waitForText(By.id("replay-result"), "Replayed 1: 1 delivered, 0 dead-lettered again.");
        waitForText(By.id("dead-letters-table"), "No dead letters.");
        waitForText(By.cssSelector("#live-endpoints tr[data-name=flaky] td.delivered"), "1");
        assertEquals(1, flaky.delivered.get());
    }

    @Test
    @Order(7)
    void deleteTheRoute() {
        browser.findElement(By.cssSelector("button.tab[data-view=routes]")).click();
        browser.findElement(By.cssSelector("#routes-table tr[data-id=creates] button[aria-label='Delete route creates']"))
                .click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        waitForText(By.id("status"), "Route creates deleted.");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#routes-table tr[data-id=creates]")));
        TestServer.assertError(t.send("GET", "/eventroutes/creates?" + TestServer.API, ADMIN, null), 404,
                "EventRouteNotFound", "creates");
    }
}
