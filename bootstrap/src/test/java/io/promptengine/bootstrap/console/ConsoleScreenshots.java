package io.promptengine.bootstrap.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;

/**
 * The README's screenshots, taken by the browser tests themselves so that they show the console as it is. Off by
 * default; {@code -Dconsole.screenshots=docs/console} (a folder, relative to the repository's root) makes every
 * browser test that shows a page the README pictures write it there as {@code <name>.png}, always at
 * {@link ConsoleBrowser#WINDOW} (1366×900), to be committed.
 */
final class ConsoleScreenshots {

    private static final Optional<Path> FOLDER = folder(System.getProperty("console.screenshots", ""),
            Path.of(System.getProperty("console.root", "..")));

    private ConsoleScreenshots() {
    }

    /** Writes the page shown now as {@code <name>.png} when the build asked for screenshots; else does nothing. */
    static Optional<Path> take(ConsoleBrowser browser, String name) {
        return FOLDER.map(folder -> take(browser, name, folder));
    }

    /** As {@link #take(ConsoleBrowser, String)}, with the page scrolled so that {@code top} is at the window's top. */
    static Optional<Path> take(ConsoleBrowser browser, String name, By top) {
        return FOLDER.map(folder -> {
            browser.script("arguments[0].scrollIntoView({block: 'start'});", browser.driver().findElement(top));
            return write(browser, name, folder);
        });
    }

    static Path take(ConsoleBrowser browser, String name, Path folder) {
        browser.script("window.scrollTo(0, 0);");
        return write(browser, name, folder);
    }

    private static Path write(ConsoleBrowser browser, String name, Path folder) {
        if (!name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("a screenshot's name is lower-case letters, digits and '-': " + name);
        }
        browser.settle();
        browser.script("if (document.activeElement) { document.activeElement.blur(); }");
        try {
            Files.createDirectories(folder);
            Path png = folder.resolve(name + ".png");
            Files.write(png, browser.driver().getScreenshotAs(OutputType.BYTES));
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<Path> folder(String property, Path root) {
        if (property.isBlank()) {
            return Optional.empty();
        }
        Path folder = Path.of(property.strip());
        return Optional.of(folder.isAbsolute() ? folder : root.resolve(folder).normalize());
    }
}
