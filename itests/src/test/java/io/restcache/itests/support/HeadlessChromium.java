package io.restcache.itests.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A headless Chromium (Debian's {@code chromium}) driven over the DevTools protocol with the JDK's own
 * WebSocket client: open a page with extra request headers (the test application's bearer token), run
 * its scripts, read the rendered DOM and take a screenshot. Started with a profile directory of its own
 * and stopped, with its child processes, by PID.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Pattern STRING_VALUE = Pattern.compile("\"value\":\"((?:\\\\.|[^\"\\\\])*)\"");
    private static final Pattern DATA = Pattern.compile("\"data\":\"([^\"]*)\"");
    private static final Pattern PAGE_SOCKET = Pattern.compile(
            "\"type\":\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\":\\s*\"([^\"]+)\"");

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** Starts Chromium, or fails saying how to install it. */
    public static HeadlessChromium start(Path workDir) throws IOException, InterruptedException {
        String binary = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome").stream()
                .filter(b -> Files.isExecutable(Path.of(b))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Chromium: install Debian's chromium package "
                        + "(apt-get install chromium); .ci/run does where it is missing"));
        Path profile = Files.createTempDirectory(Files.createDirectories(workDir), "chromium-");
        Process process = new ProcessBuilder(binary, "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "--window-size=1200,1700", "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).isEmpty()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("Chromium did not open its DevTools port: "
                        + Files.readString(profile.resolve("chromium.log")));
            }
            Thread.sleep(100);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
        HttpClient http = HttpClient.newHttpClient();
        String targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher page = PAGE_SOCKET.matcher(targets);
        if (!page.find()) {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium lists no page: " + targets);
        }
        HeadlessChromium[] self = new HeadlessChromium[1];
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(page.group(1)), new WebSocket.Listener() {
            private final StringBuilder message = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                message.append(data);
                if (last) {
                    self[0].received(message.toString());
                    message.setLength(0);
                }
                ws.request(1);
                return null;
            }
        }).join();
        self[0] = new HeadlessChromium(process, socket);
        self[0].call("Page.enable", "{}");
        self[0].call("Network.enable", "{}");
        return self[0];
    }

    private void received(String message) {
        Matcher id = Pattern.compile("^\\{\"id\":(\\d+),").matcher(message);
        if (id.find()) {
            CompletableFuture<String> waiting = pending.remove(Integer.parseInt(id.group(1)));
            if (waiting != null) {
                waiting.complete(message);
            }
        }
    }

    /** Sends one DevTools command and returns its raw JSON answer. */
    public String call(String method, String paramsJson) {
        int id = ids.incrementAndGet();
        CompletableFuture<String> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}", true).join();
        String result = answer.orTimeout(30, TimeUnit.SECONDS).join();
        if (result.contains("\"error\":")) {
            throw new IllegalStateException(method + " failed: " + result);
        }
        return result;
    }

    /** Sends these headers with every request the page makes from now on (its own fetches too). */
    public void extraHeaders(Map<String, String> headers) {
        call("Network.setExtraHTTPHeaders", "{\"headers\":{" + headers.entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + quote(e.getValue())).collect(Collectors.joining(",")) + "}}");
    }

    /** Opens the URL. */
    public void open(String url) {
        call("Page.navigate", "{\"url\":" + quote(url) + "}");
    }

    /** Evaluates a script that yields a string (or null: then null) in the page. */
    public String evaluate(String expression) {
        String answer = call("Runtime.evaluate", "{\"expression\":" + quote(expression) + ",\"returnByValue\":true}");
        Matcher value = STRING_VALUE.matcher(answer);
        return value.find() ? unescape(value.group(1)) : null;
    }

    /** Waits until the expression yields this string; returns false if it did not within the time given. */
    public boolean waitFor(String expression, String expected, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (expected.equals(evaluate(expression))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Writes a PNG of the page as rendered. */
    public void screenshot(Path png) throws IOException {
        Matcher data = DATA.matcher(call("Page.captureScreenshot", "{\"format\":\"png\"}"));
        if (!data.find()) {
            throw new IllegalStateException("no screenshot data");
        }
        Files.createDirectories(png.getParent());
        Files.write(png, Base64.getDecoder().decode(data.group(1)));
    }

    @Override
    public void close() {
        socket.abort();
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(n);
            }
        }
        return out.toString();
    }
}
