#!/usr/bin/env bash
# One entry point for people and CI on Debian bookworm (run as root, or with sudo available):
#   scripts/dev.sh run   [app args...]  install what is missing, build, launch the app (embedded demo cluster)
#   scripts/dev.sh test                 install what is missing, build, run the whole test suite (release build,
#                                       then again under ASan + UBSan), then fuzz the input parsers briefly
#   scripts/dev.sh deps | build         just that step
# Everything comes from Debian's packages; nothing is downloaded at build or run time.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

# Build tools, Qt 6, librdkafka (with its mock cluster), QCustomPlot, fonts for offscreen rendering.
packages=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-tools-dev qt6-l10n-tools libgl-dev
    librdkafka-dev libqcustomplot-dev qtkeychain-qt6-dev libqt6sql6-sqlite
    fonts-dejavu-core xauth
    clang libclang-rt-14-dev # the fuzz harnesses: clang with libFuzzer and the sanitizer runtimes
)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

deps() {
    local missing=()
    for p in "${packages[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$p")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        echo "dev.sh: all build dependencies are installed"
        return
    fi
    echo "dev.sh: installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

preset=${OFFSETLENS_PRESET:-default}
sanitizer_preset=debug-asan
if [ "${CI:-}" = "true" ]; then
    preset=ci
    sanitizer_preset=ci-asan
fi
jobs=${OFFSETLENS_JOBS:-$(nproc)}

build() {
    cmake --preset "$preset"
    cmake --build --preset "$preset" -j "$jobs"
}

cmd=${1:-run}
shift || true
case "$cmd" in
deps) deps ;;
build) deps; build ;;
test)
    deps
    build
    rc=0
    ctest --preset "$preset" -j "$jobs" || rc=$?
    # The same suites again under AddressSanitizer and UBSan: sessions, jobs and teardown cross threads, and
    # ownership across threads is what these check best.
    cmake --preset "$sanitizer_preset"
    cmake --build --preset "$sanitizer_preset" -j "$jobs"
    ctest --preset "$sanitizer_preset" -j "$jobs" || rc=$?
    # libFuzzer on every parser of outside input (tests/fuzz): OFFSETLENS_FUZZ_SECONDS (20) of fuzzing per harness
    # and each seed corpus run once. About five minutes in all on two cores, most of it the clang build.
    cmake --preset fuzz
    cmake --build --preset fuzz -j "$jobs"
    ctest --preset fuzz -j "$jobs" || rc=$?
    exit "$rc"
    ;;
run)
    deps
    build
    app="build/$preset/app/offsetlens"
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
        # No display to open a window on: render the window offscreen once instead, so the command still shows
        # what the app sees.
        shot="$here/offsetlens-demo.png"
        echo "dev.sh: no DISPLAY or WAYLAND_DISPLAY; rendering the main window offscreen to $shot"
        # Refresh every second and wait for a few refreshes, so the demo's consumers have joined their groups.
        QT_QPA_PLATFORM=offscreen "$app" --refresh-interval 1000 --screenshot-after 6 --show groups \
            --screenshot "$shot" "$@"
        echo "dev.sh: wrote $shot"
    else
        exec "$app" "$@"
    fi
    ;;
*)
    echo "usage: scripts/dev.sh run|test|deps|build" >&2
    exit 2
    ;;
esac
