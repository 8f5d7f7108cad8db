package io.promptengine.bootstrap;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A container image as {@code docker save} writes it and {@code docker load} reads it (Jib's {@code buildTar}):
 * {@code manifest.json}, the image's configuration and one tar per layer, gzipped or not. Read without Docker, which
 * CI does not have, so that a test can see what a container would start and the files it would hold.
 */
final class ImageTarball {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path directory;
    private final JsonNode manifest;
    private final JsonNode config;

    private ImageTarball(Path directory, JsonNode manifest, JsonNode config) {
        this.directory = directory;
        this.manifest = manifest;
        this.config = config;
    }

    /** Unpacks {@code tarball}'s entries (the layers stay whole) into {@code directory}. */
    static ImageTarball open(Path tarball, Path directory) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new BufferedInputStream(Files.newInputStream(tarball)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path target = directory.resolve(entry.getName()).normalize();
                if (!target.startsWith(directory)) {
                    throw new IOException("entry '" + entry.getName() + "' of " + tarball + " leaves its directory");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        JsonNode manifest = JSON.readTree(Files.readString(directory.resolve("manifest.json")));
        if (manifest.size() != 1) {
            throw new IOException(tarball + " holds " + manifest.size() + " images, not one");
        }
        JsonNode config = JSON.readTree(Files.readString(directory.resolve(manifest.get(0).get("Config").asString())));
        return new ImageTarball(directory, manifest.get(0), config);
    }

    /** The names the image is tagged with ({@code RepoTags}). */
    List<String> tags() {
        return strings(manifest.get("RepoTags"));
    }

    /** The image's configuration (architecture, os, config.Entrypoint, config.Env, rootfs.diff_ids …). */
    JsonNode config() {
        return config;
    }

    List<String> entrypoint() {
        return strings(config.get("config").get("Entrypoint"));
    }

    /** {@code config.Env} as a map. */
    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String variable : strings(config.get("config").get("Env"))) {
            int equals = variable.indexOf('=');
            environment.put(variable.substring(0, equals), variable.substring(equals + 1));
        }
        return environment;
    }

    /** The layer files, bottom first. */
    List<Path> layers() {
        List<Path> layers = new ArrayList<>();
        for (JsonNode layer : manifest.get("Layers")) {
            layers.add(directory.resolve(layer.asString()));
        }
        return layers;
    }

    /** {@code rootfs.diff_ids}, bottom first: the digest of each layer's uncompressed tar. */
    List<String> diffIds() {
        return strings(config.get("rootfs").get("diff_ids"));
    }

    /** {@code sha256:…} of the layer's tar, uncompressed. */
    static String diffId(Path layer) throws IOException {
        MessageDigest sha256 = sha256();
        try (InputStream in = new DigestInputStream(uncompressed(layer), sha256)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    }

    /**
     * The file system a container of this image starts with, written under {@code root}: every layer unpacked in
     * order, a later one's file replacing an earlier one's (whiteouts, which Jib does not write, are not handled).
     * Returns the paths it holds, relative to {@code root}, with {@code /} as in the image.
     */
    Set<String> unpack(Path root) throws IOException {
        Set<String> paths = new TreeSet<>();
        for (Path layer : layers()) {
            try (TarArchiveInputStream tar = new TarArchiveInputStream(uncompressed(layer))) {
                for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                    String name = entry.getName().replaceFirst("^\\./", "").replaceFirst("/$", "");
                    if (name.isEmpty() || name.equals(".")) {
                        continue;
                    }
                    Path target = root.resolve(name).normalize();
                    if (!target.startsWith(root)) {
                        throw new IOException("entry '" + entry.getName() + "' of " + layer + " leaves the root");
                    }
                    paths.add(name);
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(target.getParent());
                        Files.deleteIfExists(target);
                        Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    } else if (entry.isLink()) {
                        Files.createDirectories(target.getParent());
                        Files.deleteIfExists(target);
                        Files.createLink(target, root.resolve(entry.getLinkName().replaceFirst("^\\./", "")));
                    } else if (entry.isFile()) {
                        Files.createDirectories(target.getParent());
                        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                    }
                }
            }
        }
        return paths;
    }

    private static InputStream uncompressed(Path layer) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(layer));
        in.mark(2);
        int magic = in.read() | (in.read() << 8);
        in.reset();
        return magic == GZIPInputStream.GZIP_MAGIC ? new GZIPInputStream(in, 65_536) : in;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < bits.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(bits[bit]);
            }
        }
        return permissions;
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        if (array != null) {
            array.forEach(node -> strings.add(node.asString()));
        }
        return strings;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
