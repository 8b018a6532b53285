package io.github.go4j.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/conformance.md (and docs/differences.md) true: every go4j test it cites must exist. A
 * citation is a back-quoted {@code Class#method} (a JUnit test method in the test sources of core,
 * context, patterns or stress-tests, carrying a test annotation such as {@code @Test},
 * {@code @ParameterizedTest} or a meta-annotation like {@code @TestWithCapacities}) or a
 * back-quoted {@code SomethingTest} (a test class in those trees, or a jcstress test class in
 * stress-tests' main sources). Each rule, the numbered ones and the P rows (properties of Go's
 * implementation), must cite a test or say "n/a" or "not covered".
 *
 * <p>The sources are read from the repository, located from this module's directory (Surefire's
 * {@code basedir} property, else the working directory), so the check runs under {@code mvn verify}
 * without the other modules' test classes on the class path.
 */
class ConformanceCatalogueTest {
  private static final Pattern METHOD_CITATION =
      Pattern.compile("`([A-Z][A-Za-z0-9_]*)#([A-Za-z_][A-Za-z0-9_]*)`");
  private static final Pattern CLASS_CITATION = Pattern.compile("`([A-Z][A-Za-z0-9_]*Test)`");
  private static final Pattern DIFFERENCE_METHOD_CITATION =
      Pattern.compile("`([A-Z][A-Za-z0-9_]*Test)[.#]([a-z][A-Za-z0-9_]*)`");
  private static final Pattern RULE_ROW = Pattern.compile("^\\| (P?\\d+) \\|");

  private static final List<String> SOURCE_ROOTS =
      List.of(
          "core/src/test/java",
          "context/src/test/java",
          "patterns/src/test/java",
          "stress-tests/src/test/java",
          "stress-tests/src/main/java");

  @Test
  void everyCitedTestExists() throws IOException {
    Citations c = check("docs/conformance.md", METHOD_CITATION);
    assertThat(c.methods).as("Class#method citations read from the catalogue").isGreaterThan(300);
    assertThat(c.classes).as("jcstress class citations read from the catalogue").isGreaterThan(20);
    assertThat(c.missing).as("tests cited in docs/conformance.md that do not exist").isEmpty();
  }

  /**
   * docs/differences.md's "Shown by" column names tests as {@code Class.method} (or {@code
   * Class#method}) and {@code SomethingTest}: each must exist, as the catalogue's citations must.
   */
  @Test
  void everyTestCitedInTheDifferencesExists() throws IOException {
    Citations c = check("docs/differences.md", DIFFERENCE_METHOD_CITATION);
    assertThat(c.methods + c.classes).as("tests cited in docs/differences.md").isGreaterThan(50);
    assertThat(c.missing).as("tests cited in docs/differences.md that do not exist").isEmpty();
  }

  /** What {@link #check} read: citations of methods and of classes, and those that do not exist. */
  private static final class Citations {
    int methods;
    int classes;
    final List<String> missing = new ArrayList<>();
  }

  /**
   * Reads {@code doc} (relative to the repository) and checks every method citation ({@code
   * methodCitation}: group 1 the class, group 2 the method) and every class citation against the
   * test sources.
   */
  private static Citations check(String doc, Pattern methodCitation) throws IOException {
    Path repo = repositoryRoot();
    Map<String, List<String>> sources = sourcesBySimpleName(repo);
    List<String> lines = Files.readAllLines(repo.resolve(doc));
    String name = Path.of(doc).getFileName().toString();
    Citations c = new Citations();
    for (int i = 0; i < lines.size(); i++) {
      String where = name + ":" + (i + 1) + ": ";
      Matcher m = methodCitation.matcher(lines.get(i));
      while (m.find()) {
        c.methods++;
        String cited = m.group(1) + "#" + m.group(2);
        List<String> files = sources.get(m.group(1));
        if (files == null) {
          c.missing.add(where + cited + " (no class " + m.group(1) + ")");
        } else if (files.stream().noneMatch(src -> declaresTestMethod(src, m.group(2)))) {
          c.missing.add(where + cited + " (no such test method)");
        }
      }
      Matcher k = CLASS_CITATION.matcher(lines.get(i));
      while (k.find()) {
        c.classes++;
        if (!sources.containsKey(k.group(1))) {
          c.missing.add(where + k.group(1) + " (no such test class)");
        }
      }
    }
    return c;
  }

  @Test
  void everyRuleCitesATestOrSaysWhyNot() throws IOException {
    List<String> lines = Files.readAllLines(repositoryRoot().resolve("docs/conformance.md"));
    List<String> bare = new ArrayList<>();
    int rules = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!RULE_ROW.matcher(line).find()) {
        continue;
      }
      rules++;
      String[] cells = line.split(" \\| ");
      String tests = cells.length > 3 ? cells[3].strip() : "";
      boolean cites = METHOD_CITATION.matcher(tests).find() || CLASS_CITATION.matcher(tests).find();
      if (!cites && !tests.equals("n/a") && !tests.equals("not covered")) {
        bare.add("conformance.md:" + (i + 1) + ": rule " + cells[0].replace("|", "").strip());
      }
    }
    assertThat(rules).as("numbered rules and P rows in the catalogue").isGreaterThan(145);
    assertThat(bare).as("rules that cite no go4j test and do not say n/a or not covered").isEmpty();
  }

  /** The repository root: the parent of this module's directory. */
  private static Path repositoryRoot() {
    Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path root = module.toAbsolutePath().normalize().getParent();
    assertThat(root.resolve("docs/conformance.md")).as("the catalogue").isRegularFile();
    return root;
  }

  /** Every .java file of the source roots, by simple name (file name without .java). */
  private static Map<String, List<String>> sourcesBySimpleName(Path repo) throws IOException {
    Map<String, List<String>> byName = new HashMap<>();
    for (String root : SOURCE_ROOTS) {
      Path dir = repo.resolve(root);
      assertThat(dir).as("source root").isDirectory();
      try (Stream<Path> files = Files.walk(dir)) {
        files
            .filter(p -> p.toString().endsWith(".java"))
            .forEach(
                p -> {
                  String name = p.getFileName().toString().replace(".java", "");
                  byName.computeIfAbsent(name, k -> new ArrayList<>()).add(read(p));
                });
      }
    }
    return byName;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether {@code source} declares a method {@code name(...)} (a {@code void} test or a
   * {@code @TestFactory}) directly under a block of annotations (each may end its line with a
   * comment) of which one has a name containing "Test" ({@code @Test}, {@code @ParameterizedTest},
   * {@code @TestWithCapacities}, ...).
   */
  static boolean declaresTestMethod(String source, String name) {
    Pattern declaration =
        Pattern.compile(
            "((?:@[A-Za-z0-9_.]+(?:\\([^)]*\\))?\\s*(?://[^\\n]*\\n\\s*)?)+)"
                + "(?:(?:public|protected|private|static|final)\\s+)*[A-Za-z0-9_<>?,.\\[\\] ]+\\s+"
                + Pattern.quote(name)
                + "\\s*\\(");
    Matcher m = declaration.matcher(source);
    while (m.find()) {
      if (Pattern.compile("@[A-Za-z0-9_.]*Test[A-Za-z0-9_]*").matcher(m.group(1)).find()) {
        return true;
      }
    }
    return false;
  }
}
