package io.promptengine.adapters.http.console;

import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The console's scripts and styles, served by the jar: htmx and uPlot from their WebJars, and our own
 * {@code console.js} and {@code console.css}. Each is read once, at start, and served under a URL that carries a
 * hash of its content, so that it can be cached for a year and a new build's change is fetched at once. Nothing
 * else is served from here: an unknown name, or a stale hash, is a 404.
 */
final class Assets {

    static final String PATH = "/console/assets/{hash}/{name}";
    private static final String WEBJARS = "/META-INF/resources/webjars/";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private record Asset(String hash, String contentType, byte[] bytes) {
    }

    private final Map<String, Asset> byName = new LinkedHashMap<>();

    Assets() {
        String htmx = WEBJARS + "htmx.org/" + webJarVersion("htmx.org") + "/dist/";
        String uplot = WEBJARS + "uplot/" + webJarVersion("uplot") + "/dist/";
        add("htmx.min.js", htmx + "htmx.min.js", "text/javascript; charset=utf-8");
        add("uPlot.iife.min.js", uplot + "uPlot.iife.min.js", "text/javascript; charset=utf-8");
        add("uPlot.min.css", uplot + "uPlot.min.css", "text/css; charset=utf-8");
        add("console.js", "/console/console.js", "text/javascript; charset=utf-8");
        add("charts.js", "/console/charts.js", "text/javascript; charset=utf-8");
        add("console.css", "/console/console.css", "text/css; charset=utf-8");
    }

    private void add(String name, String resource, String contentType) {
        byte[] bytes = read(resource);
        byName.put(name, new Asset(hash(bytes), contentType, bytes));
    }

    String htmx() {
        return url("htmx.min.js");
    }

    String uplot() {
        return url("uPlot.iife.min.js");
    }

    String uplotCss() {
        return url("uPlot.min.css");
    }

    String js() {
        return url("console.js");
    }

    /** The overview's charts, drawn with uPlot. */
    String charts() {
        return url("charts.js");
    }

    String css() {
        return url("console.css");
    }

    private String url(String name) {
        return "/console/assets/" + byName.get(name).hash() + "/" + name;
    }

    /** Serves the asset the path names; false when it names none (the caller answers 404). */
    boolean serve(Context ctx) {
        Asset asset = byName.get(ctx.pathParam("name"));
        if (asset == null || !asset.hash().equals(ctx.pathParam("hash"))) {
            return false;
        }
        ctx.header("Cache-Control", IMMUTABLE);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(asset.contentType()).result(asset.bytes());
        return true;
    }

    /** The version of the WebJar on the class path, as its Maven metadata says: the pom pins it, once. */
    private static String webJarVersion(String artifact) {
        Properties properties = new Properties();
        try (InputStream in = new ByteArrayInputStream(read("/META-INF/maven/org.webjars.npm/" + artifact
                + "/pom.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static byte[] read(String resource) {
        try (InputStream in = Assets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The console's asset " + resource + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
