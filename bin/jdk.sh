#!/usr/bin/env bash
# shellcheck shell=bash
# Finds a JDK 21 or newer and exports JAVA_HOME (and puts its bin/ first on PATH).
#
#   source bin/jdk.sh
#
# Looks, in order, at: $JAVA_HOME, `java` on the PATH, then /usr/lib/jvm/* (and the other usual
# install locations), where the newest JDK >= 21 wins. If there is none, prints what it found and
# how to fix it to stderr, then exits 1 (in an interactive shell it returns 1 instead, so your
# shell stays open). Run directly (bin/jdk.sh) it prints the JAVA_HOME it would pick.

RIFFLE_MIN_JAVA=21

# Major version of a java binary, by parsing `java -version`:
#   openjdk version "17.0.15" 2025-04-15  -> 17
#   openjdk version "21" 2023-09-19       -> 21
#   openjdk version "25.0.1" 2025-10-21   -> 25
#   java version "1.8.0_392"              -> 8
#   openjdk version "26-ea" 2026-03-17    -> 26
_riffle_java_major() {
  local line version
  line=$("$1" -version 2>&1 | grep -m1 -E 'version "[^"]+"') || return 1
  version=${line#*version \"}
  version=${version%%\"*}
  [[ $version == 1.* ]] && version=${version#1.}
  version=${version%%[.+_-]*}
  [[ $version =~ ^[0-9]+$ ]] || return 1
  printf '%s\n' "$version"
}

# The JVM options that let Netty reach its buffers through sun.misc.Unsafe, for a java of major version $1: from JDK
# 23 the JDK restricts those methods, and from JDK 25 Netty then falls back to checked access that costs the server
# about 15% more CPU on reads (docs/benchmarks.md). JDK 21 and 22 know no such option (and need none): nothing.
riffle_unsafe_memory_access_opts() {
  if (( ${1:-0} >= 23 )); then
    printf '%s\n' "--sun-misc-unsafe-memory-access=allow"
  fi
}

# JAVA_HOME of a java binary (symlinks resolved): /x/bin/java -> /x
_riffle_java_home_of() {
  local bin
  bin=$(readlink -f "$1" 2>/dev/null || printf '%s' "$1")
  dirname "$(dirname "$bin")"
}

_riffle_find_jdk() {
  local candidates=() seen=" " found=() home major best="" best_major=0 dir

  [[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(_riffle_java_home_of "$(command -v java)")")
  fi
  # An explicit JAVA_HOME or the java on the PATH wins when it is recent enough.
  for home in ${candidates[@]+"${candidates[@]}"}; do
    home=$(readlink -f "$home" 2>/dev/null || printf '%s' "$home")
    [[ $seen == *" $home "* ]] && continue
    seen+="$home "
    [[ -x $home/bin/java ]] || { found+=("$home (no bin/java)"); continue; }
    major=$(_riffle_java_major "$home/bin/java") || { found+=("$home (version unknown)"); continue; }
    if (( major >= RIFFLE_MIN_JAVA )); then
      printf '%s\n' "$home"
      return 0
    fi
    found+=("$home ($major)")
  done

  # Otherwise the newest installed JDK >= 21.
  for dir in /usr/lib/jvm/* /usr/java/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [[ -x $dir/bin/java && -x $dir/bin/javac ]] || continue
    home=$(readlink -f "$dir" 2>/dev/null || printf '%s' "$dir")
    [[ $seen == *" $home "* ]] && continue
    seen+="$home "
    major=$(_riffle_java_major "$home/bin/java") || { found+=("$home (version unknown)"); continue; }
    found+=("$home ($major)")
    if (( major >= RIFFLE_MIN_JAVA && major > best_major )); then
      best=$home
      best_major=$major
    fi
  done
  if [[ -n $best ]]; then
    printf '%s\n' "$best"
    return 0
  fi

  local list="none"
  if (( ${#found[@]} > 0 )); then
    list=$(printf '%s, ' "${found[@]}")
    list=${list%, }
  fi
  printf 'Riffle needs a JDK %s or newer; found: %s; install one (e.g. apt-get install openjdk-21-jdk or Temurin 21) or set JAVA_HOME\n' \
    "$RIFFLE_MIN_JAVA" "$list" >&2
  return 1
}

if _riffle_jdk_home=$(_riffle_find_jdk); then
  export JAVA_HOME=$_riffle_jdk_home
  case ":$PATH:" in
    *":$JAVA_HOME/bin:"*) ;;
    *) export PATH="$JAVA_HOME/bin:$PATH" ;;
  esac
  unset _riffle_jdk_home
  if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    printf '%s\n' "$JAVA_HOME"
  fi
else
  unset _riffle_jdk_home
  if [[ $- == *i* ]]; then
    return 1
  fi
  exit 1
fi
