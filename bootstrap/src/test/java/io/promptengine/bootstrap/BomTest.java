package io.promptengine.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The BOM ({@code bom/pom.xml}) has no parent, so nothing keeps it in step with the reactor but this test: a module
 * added without a BOM entry, a version bumped in one place only, or a plugin pin changed in the parent alone would
 * each reach a host's build unnoticed.
 */
class BomTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void givenTheReactor_bom_hasItsVersion() throws Exception {
        Element parent = pom(ROOT.resolve("pom.xml"));
        Element bom = pom(ROOT.resolve("bom/pom.xml"));

        assertThat(child(bom, "parent")).as("the BOM's parent (an import would take its dependencyManagement too)")
                .isNull();
        assertThat(text(bom, "groupId")).isEqualTo(text(parent, "groupId"));
        assertThat(text(bom, "version")).isEqualTo(text(parent, "version"));
        assertThat(text(bom, "packaging")).isEqualTo("pom");
    }

    @Test
    void givenEveryPublishableModule_bom_managesItAtTheProjectVersion() throws Exception {
        Map<String, String> managed = new LinkedHashMap<>();
        for (Element dependency : managedDependencies(pom(ROOT.resolve("bom/pom.xml")))) {
            if (!"import".equals(text(dependency, "scope"))) {
                assertThat(text(dependency, "groupId")).isEqualTo("io.promptengine");
                managed.put(text(dependency, "artifactId"), text(dependency, "version"));
            }
        }

        List<String> publishable = publishableModules(ROOT);
        assertThat(publishable).as("publishable modules of the reactor").contains("domain", "bootstrap");
        for (String artifactId : publishable) {
            assertThat(managed).as("the BOM's entries").containsEntry(artifactId, "${project.version}");
        }
    }

    /** Imported BOMs are the only third-party entries, each at the version the parent imports it at. */
    @Test
    void givenTheBomsItImports_parent_importsThemAtTheSameVersion() throws Exception {
        Element parent = pom(ROOT.resolve("pom.xml"));
        Element bom = pom(ROOT.resolve("bom/pom.xml"));
        Map<String, String> parentImports = imports(parent);
        Map<String, String> bomImports = imports(bom);

        assertThat(bomImports).containsOnlyKeys("tools.jackson:jackson-bom");
        bomImports.forEach((artifact, version) -> assertThat(property(bom, version)).as(artifact)
                .isEqualTo(property(parent, parentImports.get(artifact))));
    }

    @Test
    void givenThePluginsTheBomPins_parent_pinsTheSameVersions() throws Exception {
        Map<String, String> parent = pluginPins(pom(ROOT.resolve("pom.xml")));
        Map<String, String> bom = pluginPins(pom(ROOT.resolve("bom/pom.xml")));

        assertThat(bom).as("the BOM's plugin pins").isNotEmpty();
        bom.forEach((plugin, version) -> assertThat(parent).as("the parent's plugin pins")
                .containsEntry(plugin, version));
    }

    /** The jar modules under {@code directory}, by artifactId, through nested aggregators; examples are not shipped. */
    private static List<String> publishableModules(Path directory) throws Exception {
        List<String> found = new ArrayList<>();
        Element modules = child(pom(directory.resolve("pom.xml")), "modules");
        for (Element module : children(modules, "module")) {
            String path = module.getTextContent().trim();
            if (path.equals("examples") || path.startsWith("examples/")) {
                continue;
            }
            Path moduleDirectory = directory.resolve(path);
            Element pom = pom(moduleDirectory.resolve("pom.xml"));
            String packaging = text(pom, "packaging");
            if (packaging == null || packaging.equals("jar")) {
                found.add(text(pom, "artifactId"));
            } else if (child(pom, "modules") != null) {
                found.addAll(publishableModules(moduleDirectory));
            }
        }
        return found;
    }

    private static List<Element> managedDependencies(Element pom) {
        return children(child(child(pom, "dependencyManagement"), "dependencies"), "dependency");
    }

    private static Map<String, String> imports(Element pom) {
        Map<String, String> imports = new LinkedHashMap<>();
        for (Element dependency : managedDependencies(pom)) {
            if ("import".equals(text(dependency, "scope"))) {
                imports.put(text(dependency, "groupId") + ":" + text(dependency, "artifactId"),
                        text(dependency, "version"));
            }
        }
        return imports;
    }

    /** {@code value} with a {@code ${name}} of the POM's own properties replaced. */
    private static String property(Element pom, String value) {
        if (value == null || !value.startsWith("${")) {
            return value;
        }
        return text(child(pom, "properties"), value.substring(2, value.length() - 1));
    }

    private static Map<String, String> pluginPins(Element pom) {
        Map<String, String> pins = new LinkedHashMap<>();
        Element plugins = child(child(child(pom, "build"), "pluginManagement"), "plugins");
        for (Element plugin : children(plugins, "plugin")) {
            pins.put(text(plugin, "groupId") + ":" + text(plugin, "artifactId"), text(plugin, "version"));
        }
        return pins;
    }

    private static Element pom(Path file) throws Exception {
        assertThat(file).as("a POM of the reactor").isRegularFile();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document;
        try (var in = Files.newInputStream(file)) {
            document = factory.newDocumentBuilder().parse(in);
        }
        return document.getDocumentElement();
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        Element element = child(parent, name);
        return element == null ? null : element.getTextContent().trim();
    }
}
