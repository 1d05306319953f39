package io.restcache.itests.support;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Varnish (Debian's varnishd with varnish-modules' xkey) in front of one backend, started by the
 * test on a port of its choice and stopped by its process id. Its VCL, written here:
 *
 * <ul>
 *   <li>answers {@code PURGE} with {@code xkey.purge(req.http.xkey)} (restcache's Varnish purger);
 *   <li>caches every GET, also those carrying {@code Authorization} or cookies (the built-in VCL would
 *       pass them): only restcache's own headers ({@code private}, {@code s-maxage=0}) keep per-user and
 *       unstored responses out;
 *   <li>acts on RFC 9875 {@code Cache-Group-Invalidation} as a cache implementing it would: an unsafe
 *       request's response purges those groups before it reaches the client;
 *   <li>says whether it served from its cache ({@code X-Varnish-Cache: hit|miss}) and keeps no grace.
 * </ul>
 */
public final class VarnishProcess implements AutoCloseable {

    private final int port;
    private final Path workDir;
    private Process process;

    private VarnishProcess(int port, Path workDir) {
        this.port = port;
        this.workDir = workDir;
    }

    /** The VCL for a backend on 127.0.0.1:{@code backendPort}. */
    public static String vcl(int backendPort) {
        return """
                vcl 4.1;
                import xkey;
                import std;

                backend default { .host = "127.0.0.1"; .port = "%d"; }

                acl purgers { "127.0.0.1"; }

                sub vcl_recv {
                    if (req.method == "PURGE") {
                        if (client.ip !~ purgers) { return (synth(403, "Forbidden")); }
                        set req.http.n-gone = xkey.purge(req.http.xkey);
                        return (synth(200, "Invalidated " + req.http.n-gone + " objects"));
                    }
                    if (req.method != "GET" && req.method != "HEAD") { return (pass); }
                    # unlike the built-in VCL: requests with Authorization or Cookie are looked up and stored too
                    return (hash);
                }

                sub vcl_backend_response {
                    set beresp.grace = 0s;
                    # then the built-in rules: no store for ttl 0 (s-maxage=0), private, no-store, Set-Cookie
                }

                sub vcl_deliver {
                    # xkey purges from a client task only (in vcl_backend_response it panics varnishd 7.1)
                    if (req.method != "GET" && req.method != "HEAD" && resp.http.Cache-Group-Invalidation) {
                        std.log("cache-group-invalidation purged " + xkey.purge(
                                regsuball(resp.http.Cache-Group-Invalidation, {"[", ]+"}, " ")));
                    }
                    if (obj.hits > 0) { set resp.http.X-Varnish-Cache = "hit"; }
                    else { set resp.http.X-Varnish-Cache = "miss"; }
                    unset resp.http.xkey;
                }
                """.formatted(backendPort);
    }

    /** {@code varnishd}, or a failure saying how CI installs it (never a skip). */
    public static String requireBinary() {
        String onPath = RedisProcess.onPath("varnishd");
        if (onPath != null) {
            return onPath;
        }
        File sbin = new File("/usr/sbin/varnishd");
        if (sbin.canExecute()) {
            return sbin.getAbsolutePath();
        }
        throw new IllegalStateException("this test needs varnishd 7.x with varnish-modules' xkey vmod; install them "
                + "(Debian: apt-get install varnish varnish-modules), as .ci/run does");
    }

    /** Starts varnishd on {@code port} in front of 127.0.0.1:{@code backendPort}; waits until it answers. */
    public static VarnishProcess start(int port, int backendPort, Path under) {
        String binary = requireBinary();
        try {
            Files.createDirectories(under);
            // absolute: varnishd changes into its -n directory before it reads the VCL
            Path workDir = Files.createTempDirectory(under.toAbsolutePath(), "varnish-" + port + "-");
            Path vcl = workDir.resolve("edge.vcl");
            Files.writeString(vcl, vcl(backendPort), StandardCharsets.UTF_8);
            // started as root, varnishd reads its VCL as its own unprivileged user
            Files.setPosixFilePermissions(workDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(vcl, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            VarnishProcess varnish = new VarnishProcess(port, workDir);
            varnish.process = new ProcessBuilder(List.of(binary, "-F", "-a", "127.0.0.1:" + port, "-f", vcl.toString(),
                    "-n", workDir.resolve("n").toString(), "-s", "malloc,32m", "-T", "none"))
                    .redirectErrorStream(true).redirectOutput(workDir.resolve("varnishd.log").toFile()).start();
            varnish.awaitListening(Duration.ofSeconds(30));
            return varnish;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start varnishd on port " + port, e);
        }
    }

    private void awaitListening(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("varnishd exited: " + Files.readString(workDir.resolve("varnishd.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleepBriefly();
            }
        }
        throw new IllegalStateException("varnishd did not listen on " + port + " within " + timeout);
    }

    public int port() {
        return port;
    }

    /** Freezes the cache process (SIGSTOP): connections are accepted by the kernel and never answered. */
    public void freeze() {
        signalChildren("STOP");
    }

    /** Undoes {@link #freeze()}. */
    public void thaw() {
        signalChildren("CONT");
    }

    private void signalChildren(String signal) {
        List<Long> pids = new java.util.ArrayList<>();
        pids.add(process.pid());
        process.descendants().forEach(p -> pids.add(p.pid()));
        for (long pid : pids) {
            try {
                new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops varnishd (SIGTERM to the manager, which stops its cache process), then anything left of it. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        thaw();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        process = null;
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
