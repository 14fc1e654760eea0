# shellcheck shell=bash
# Sourced by bin/riffle (and RiffleCommandIT): the server's default heap.
#
# The server's default heap, unless RIFFLE_JAVA_OPTS sizes it: room for what the default settings let it buffer
# (request bodies 256 MiB, the journal queue 64 MiB, 32 MiB per storage owner thread, one per core), twice over so
# the collector has space, plus 256 MiB of working set; at most a quarter of the machine's memory (the JVM's own
# default share):  heap MiB = min(2 x (256 + 64 + 32 x cores) + 256, RAM MiB / 4)
# On 2 cores that is 1 GiB, the heap kafka-server-start.sh gives Kafka. Raise the buffer settings, raise the heap.
#
#   server_heap_opts [CORES RAM_MIB]    prints -Xmx<N>m, or nothing (RIFFLE_JAVA_OPTS sizes the heap, or the
#                                       machine is unknown); CORES and RAM_MIB default to this machine's
server_heap_opts() {
  case " ${RIFFLE_JAVA_OPTS:-} " in
    *" -Xmx"* | *"MaxHeapSize"* | *"MaxRAMPercentage"* | *"MaxRAM="*) return ;;
  esac
  local cores=${1:-} ram_mib=${2:-} heap_mib
  [[ -n $cores ]] || cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 0)
  if [[ -n $ram_mib ]]; then
    :
  elif [[ -r /proc/meminfo ]]; then
    ram_mib=$(awk '/^MemTotal:/ {print int($2 / 1024)}' /proc/meminfo)
  else
    ram_mib=$(( $(sysctl -n hw.memsize 2>/dev/null || echo 0) / 1048576 ))
  fi
  (( cores > 0 && ram_mib > 0 )) || return 0 # unknown machine: the JVM's default
  heap_mib=$(( 2 * (256 + 64 + 32 * cores) + 256 ))
  (( heap_mib > ram_mib / 4 )) && heap_mib=$(( ram_mib / 4 ))
  echo "-Xmx${heap_mib}m"
}
