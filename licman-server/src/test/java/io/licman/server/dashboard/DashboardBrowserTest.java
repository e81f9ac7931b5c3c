package io.licman.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.licman.core.protocol.v1.Granted;
import io.licman.server.auth.Role;
import io.licman.server.ledger.ClientIdentity;
import io.licman.server.ledger.DenialReason;
import io.licman.server.ledger.LeaseId;
import io.licman.server.ledger.LedgerEvent;
import io.licman.server.report.ReportLogWriter;
import io.licman.server.http.ApiClient;
import io.licman.server.testing.TestServer;
import io.licman.server.testing.WireClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium: a viewer signs in, sees the seats, watches a checkout
 * made over the protocol appear live, and sees an administrator's removal; an admin removes a
 * lease from the page. Screenshots go to {@code target/dashboard*.png}.
 */
class DashboardBrowserTest {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @TempDir
    static Path dir;
    static TestServer server;
    static WebDriver browser;
    static String viewer;
    static String admin;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                "the browser test needs Chromium and chromedriver (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "); install them with 'apt-get install -y chromium chromium-driver' (.ci/run does)");
        LocalDate soon = LocalDate.now(ZoneOffset.UTC).plusDays(12);
        writeYesterday(dir.resolve("data"));
        server = TestServer.start(dir, List.of(TestServer.feature("cad-pro", 5).build(), TestServer.feature("solver", 2).build(),
                TestServer.feature("mesher", 3).expires(soon).build(), TestServer.feature("viewer3d", 10).build()), null, b -> b);
        viewer = server.server().tokens().create(Role.VIEWER, "browser test", Instant.now()).secret();
        admin = server.server().tokens().create(Role.ADMIN, "browser admin", Instant.now()).secret();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1280,1000");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private static WebDriverWait waitUpTo(int seconds) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds));
        wait.pollingEvery(Duration.ofMillis(50));
        return wait;
    }

    private static String used(String feature) {
        // Read in one script: the cards are re-rendered on every update, so an element found earlier may be gone.
        Object text = ((ChromeDriver) browser).executeScript("const e = document.querySelector(arguments[0]); return e ? e.textContent : null",
                ".feature-card[data-feature='" + feature + "'] .used");
        return String.valueOf(text);
    }

    private static void signIn(String token) {
        browser.get("http://127.0.0.1:" + server.port() + "/");
        WebElement field = waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        field.sendKeys(token);
        field.sendKeys(Keys.ENTER);
        waitUpTo(10).until(ExpectedConditions.textToBe(By.cssSelector("#live-status .live-text"), "Live"));
    }

    @Test
    void aViewerWatchesSeatsChangeLiveAndAnAdminRemovesALease() throws Exception {
        signIn(viewer);
        assertThat(browser.findElement(By.id("role-badge")).getText()).isEqualToIgnoringCase("viewer");
        waitUpTo(10).until(d -> used("cad-pro").equals("0"));
        assertThat(browser.findElement(By.id("alerts")).getText()).contains("mesher").contains("expire");
        assertThat(browser.findElements(By.cssSelector("button.remove"))).isEmpty();
        assertThat(browser.findElement(By.id("reload-button")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("report-button")).isDisplayed()).isTrue();

        ApiClient api = new ApiClient(server.port());
        try (WireClient alice = WireClient.connect(server.port(), "alice", "ws-alice", null);
             WireClient bob = WireClient.connect(server.port(), "bob", "ws-bob", null);
             WireClient carol = WireClient.connect(server.port(), "carol", "lab-07", null)) {
            long before = System.nanoTime();
            Granted granted = alice.checkout("cad-pro");
            waitUpTo(5).until(d -> used("cad-pro").equals("1"));
            long liveMillis = (System.nanoTime() - before) / 1_000_000;
            // Pushed, not polled: the page follows within the 5 s wait above, typically in 0.1–0.5 s.
            System.out.println("dashboard: a checkout showed on the page after " + liveMillis + " ms");
            String leaseId = String.format("%016x", granted.getLeaseId());
            waitUpTo(5).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#leases tr[data-lease='" + leaseId + "']")));
            assertThat(browser.findElement(By.cssSelector("#leases tr[data-lease='" + leaseId + "']")).getText())
                    .contains("alice").contains("ws-alice");

            bob.checkout("cad-pro");
            bob.checkout("solver");
            carol.checkout("solver");
            carol.checkout("viewer3d");
            waitUpTo(5).until(d -> used("solver").equals("2"));
            refuse(alice, "solver");
            waitUpTo(5).until(ExpectedConditions.textToBePresentInElementLocated(By.id("denials"), "all seats in use"));
            assertThat(api.delete("/api/v1/leases/" + leaseId, admin).status()).isEqualTo(200);
            waitUpTo(5).until(d -> used("cad-pro").equals("1"));
            waitUpTo(5).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#leases tr[data-lease='" + leaseId + "']"), 0));
            screenshot("dashboard.png");

            browser.manage().window().setSize(new Dimension(390, 900));
            waitUpTo(5).until(d -> (Boolean) ((ChromeDriver) d).executeScript(
                    "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"));
            screenshot("dashboard-phone.png");
            browser.manage().window().setSize(new Dimension(1280, 1000));

            browser.findElement(By.id("sign-out")).click();
            signIn(admin);
            assertThat(browser.findElement(By.id("reload-button")).isDisplayed()).isTrue();
            WebElement remove = waitUpTo(5).until(ExpectedConditions.elementToBeClickable(By.cssSelector("#leases tr:has(td) button.remove")));
            String removedLease = remove.getAttribute("data-lease");
            remove.click();
            waitUpTo(5).until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-ok")));
            screenshot("dashboard-confirm.png");
            browser.findElement(By.id("confirm-ok")).click();
            waitUpTo(5).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#leases tr[data-lease='" + removedLease + "']"), 0));
            assertThat(api.get("/api/v1/leases", admin).body()).doesNotContain(removedLease);
        }
        List<LogEntry> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(severe).as("browser console errors").isEmpty();
    }

    /** Yesterday's use of cad-pro, through the report log writer, so that the history chart has something to show. */
    private static void writeYesterday(Path data) throws Exception {
        long dayStart = LocalDate.now(ZoneOffset.UTC).minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        java.time.Clock clock = java.time.Clock.fixed(Instant.ofEpochMilli(dayStart), ZoneOffset.UTC);
        java.util.Random random = new java.util.Random(7);
        try (ReportLogWriter writer = ReportLogWriter.open(data, clock, 400, false)) {
            writer.started(dayStart, "yesterday");
            writer.capacity(dayStart, "acme", "cad-pro", 5, 0, 0);
            java.util.TreeMap<Long, LedgerEvent> events = new java.util.TreeMap<>();
            long lease = 1;
            for (int user = 0; user < 9; user++) {
                ClientIdentity who = ClientIdentity.of("user" + user, "ws-" + user, "c" + user);
                long t = dayStart + (7 + random.nextInt(3)) * 3_600_000L + random.nextInt(3_600_000);
                while (t < dayStart + 19 * 3_600_000L) {
                    long end = t + (20 + random.nextInt(150)) * 60_000L;
                    LeaseId id = new LeaseId(lease++);
                    events.put(t * 16 + user, new LedgerEvent.Granted(t, id, "acme", "cad-pro", "p", who, 1, 1, 0, false, false, 0, null));
                    events.put(end * 16 + user, new LedgerEvent.CheckedIn(end, id, "acme", "cad-pro", who, 1));
                    t = end + (10 + random.nextInt(120)) * 60_000L;
                }
            }
            int inUse = 0;
            java.util.Set<LeaseId> refused = new java.util.HashSet<>();
            for (LedgerEvent e : events.values()) {
                if (e instanceof LedgerEvent.Granted g) {
                    if (inUse == 5) {
                        refused.add(g.lease());
                        writer.append(new LedgerEvent.Denied(g.at(), "acme", "cad-pro", g.client(), DenialReason.ALL_SEATS_IN_USE, "busy"));
                        continue;
                    }
                    inUse++;
                } else if (e instanceof LedgerEvent.CheckedIn c) {
                    if (refused.contains(c.lease())) {
                        continue;
                    }
                    inUse--;
                }
                writer.append(e);
            }
            writer.flush();
        }
    }

    private static void refuse(WireClient client, String feature) throws Exception {
        var reply = client.call(io.licman.core.protocol.v1.ClientFrame.newBuilder().setCheckout(
                io.licman.core.protocol.v1.Checkout.newBuilder().setVendor("acme").setFeature(feature)));
        assertThat(reply.hasDenied()).isTrue();
    }

    private static void screenshot(String name) throws Exception {
        byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.write(target.resolve(name), png);
    }
}
