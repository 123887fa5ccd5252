package io.trestle.relayer.contracts;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** Test helper: the top-level classes of a package of generated code, from the class path. */
final class GeneratedClasses {
  private GeneratedClasses() {}

  /** Top-level classes of {@code pkg} in every class-path entry (directories and jars). */
  static List<Class<?>> in(String pkg) {
    String dir = pkg.replace('.', '/');
    List<String> names = new ArrayList<>();
    try {
      for (URL url : Collections.list(GeneratedClasses.class.getClassLoader().getResources(dir))) {
        if (url.getProtocol().equals("file")) {
          try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            files.map(p -> p.getFileName().toString()).forEach(names::add);
          }
        } else if (url.openConnection() instanceof JarURLConnection jar) {
          try (JarFile file = jar.getJarFile()) {
            file.stream()
                .map(e -> e.getName())
                .filter(n -> n.startsWith(dir + "/") && n.indexOf('/', dir.length() + 1) < 0)
                .map(n -> n.substring(dir.length() + 1))
                .forEach(names::add);
          }
        }
      }
      List<Class<?>> out = new ArrayList<>();
      for (String n : names) {
        if (n.endsWith(".class") && !n.contains("$")) {
          out.add(Class.forName(pkg + "." + n.substring(0, n.length() - 6)));
        }
      }
      return out;
    } catch (IOException | URISyntaxException | ClassNotFoundException e) {
      throw new AssertionError("cannot list package " + pkg, e);
    }
  }

  /** The generated event record's INDEXED flags. */
  @SuppressWarnings("unchecked")
  static List<Boolean> indexedFlags(Class<?> event) {
    try {
      return (List<Boolean>) event.getField("INDEXED").get(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(event + " has no INDEXED", e);
    }
  }
}
