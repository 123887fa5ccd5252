# Shared by the scripts: find a JDK 25 or say in one line how to get one.
find_jdk25() {
  if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "25'; then
    return 0
  fi
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25*; do
    if [ -x "$candidate/bin/java" ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "error: Trestle needs JDK 25: set JAVA_HOME to one (none found under /usr/lib/jvm/temurin-25*)" >&2
  return 1
}
